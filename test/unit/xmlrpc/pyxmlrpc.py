# Test helper: Python's own xmlrpc.client on the other side of the codec tests.
# Reads one JSON command on stdin, prints one JSON answer. Values travel "tagged" so that
# int/float/bytes/dates survive JSON: {"int": "12"}, {"float": "2.5"}, {"bool": true},
# {"str": "x"}, {"b64": "00ff"}, {"date": "20261124T21:45:23"}, {"nil": true},
# {"arr": [...]}, {"struct": [["k", v], ...]}.
import json
import sys
import xmlrpc.client as x


def build(t):
    (k, v), = t.items()
    if k == "int": return int(v)
    if k == "float": return float(v)
    if k == "bool": return bool(v)
    if k == "str": return v
    if k == "b64": return x.Binary(bytes.fromhex(v))
    if k == "date": return x.DateTime(v)
    if k == "nil": return None
    if k == "arr": return [build(i) for i in v]
    if k == "struct": return {kk: build(vv) for kk, vv in v}
    raise ValueError(k)


def tag(v):
    if isinstance(v, bool): return {"bool": v}
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float): return {"float": repr(v)}
    if isinstance(v, str): return {"str": v}
    if isinstance(v, x.Binary): return {"b64": v.data.hex()}
    if isinstance(v, (bytes, bytearray)): return {"b64": bytes(v).hex()}
    if isinstance(v, x.DateTime): return {"date": v.value}
    if v is None: return {"nil": True}
    if isinstance(v, (list, tuple)): return {"arr": [tag(i) for i in v]}
    if isinstance(v, dict): return {"struct": [[k, tag(i)] for k, i in v.items()]}
    raise TypeError(type(v))


def main():
    cmd = json.load(sys.stdin)
    op = cmd["op"]
    if op == "dump-responses":
        out = []
        for t in cmd["values"]:
            body = x.dumps((build(t),), methodresponse=True, allow_none=True)
            out.append({"xml": body, "python_reads": tag(x.loads(body)[0][0])})
        print(json.dumps(out))
    elif op == "dump-call":
        params = tuple(build(t) for t in cmd["params"])
        print(json.dumps({"xml": x.dumps(params, cmd["method"], allow_none=True)}))
    elif op == "dump-fault":
        print(json.dumps({"xml": x.dumps(x.Fault(cmd["code"], cmd["string"]))}))
    elif op == "load":
        out = []
        for body in cmd["bodies"]:
            try:
                params, method = x.loads(body)
                out.append({"method": method, "params": [tag(p) for p in params]})
            except x.Fault as f:
                out.append({"fault": [f.faultCode, f.faultString]})
            except Exception as e:
                out.append({"error": "%s: %s" % (type(e).__name__, e)})
        print(json.dumps(out))
    else:
        raise ValueError(op)


main()
