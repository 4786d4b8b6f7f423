// The figures the chaos tests hold the cluster to. The first three are the targets of issue 11;
// the others are this suite's allowances where the issue sets none, each saying what it covers.

/** kill -9 of the Master → survivors agree on a new one and its RESTART_PROCESS programs run elsewhere. */
export const FAILOVER_MS = 1_500;
/** A paused (or cut off) instance is declared lost by the others within this, at tick_period 0.2. */
export const LOSS_DETECTION_MS = 1_500;
/** Once two instances running the same process can talk again, the conflict is resolved within this. */
export const CONCILIATION_MS = 1_000;

/** Allowance: an election after a membership change (several ticks), before two Masters count as a fault. */
export const ELECTION_GRACE_MS = 2_000;
/** Allowance: how long a rejoin may take (discovery, handshake, election) before the test gives up. */
export const REJOIN_MS = 15_000;
/** Allowance: a loss logged this soon after its fault ended (heal, resume, relaunch) belongs to the fault. */
export const AFTERMATH_MS = 2_000;
