// chunkedBody: pieces come out in order, the first at once and each next one only after a turn
// given by `later`, rendered only when read; a cancelled body stops asking for pieces. And the
// application page of 1 000 processes arrives in slices whose whole is the page.

import { describe, expect, test } from "bun:test";
import { chunkedBody } from "../../../src/web/chunked-body.ts";
import { bigSpec, FakeDeps } from "./fake-deps.ts";
import { dashboard, get } from "./application-helpers.ts";

const decoder = new TextDecoder();

describe("chunkedBody", () => {
  test("one piece per turn, in order, each produced only when asked for", async () => {
    const produced: string[] = [];
    function* pieces() {
      for (const p of ["a", "b", "c"]) {
        produced.push(p);
        yield p;
      }
    }
    const turns: (() => void)[] = [];
    const reader = chunkedBody(pieces(), (fn) => turns.push(fn)).getReader();
    expect(decoder.decode((await reader.read()).value)).toBe("a");
    expect(produced).toEqual(["a"]);
    const second = reader.read();
    // Not produced before the turn is given.
    await Promise.resolve();
    expect(produced).toEqual(["a"]);
    expect(turns).toHaveLength(1);
    turns.shift()!();
    expect(decoder.decode((await second).value)).toBe("b");
    const third = reader.read();
    await Promise.resolve();
    turns.shift()!();
    expect(decoder.decode((await third).value)).toBe("c");
    const end = reader.read();
    await Promise.resolve();
    turns.shift()!();
    expect((await end).done).toBe(true);
  });

  test("cancelling the body ends the pieces' generator", async () => {
    let finished = false;
    function* pieces() {
      try {
        yield "a";
        yield "b";
      } finally {
        finished = true;
      }
    }
    const reader = chunkedBody(pieces()).getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });
});

test("the application page of 1 000 processes comes in slices that make up the whole page", async () => {
  const d = dashboard(new FakeDeps(bigSpec(4, 1000, 1)));
  const res = await get(d, "/application.html?appname=app0");
  const reader = res.body!.getReader();
  const slices: string[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) slices.push(decoder.decode(r.value));
  const whole = slices.join("");
  // 50 rows per slice, plus the page before and after the table.
  expect(slices.length).toBeGreaterThanOrEqual(1000 / 50);
  expect(whole.match(/<tr class="process /g)?.length).toBe(1000);
  expect(whole).toStartWith("<!DOCTYPE html>");
  expect(whole.trimEnd()).toEndWith("</html>");
});
