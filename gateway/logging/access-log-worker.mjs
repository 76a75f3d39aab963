// Entry of the access-log worker thread (gateway/logging/access-log-thread.ts): worker threads do
// not inherit `--import tsx`, so this plain module registers tsx and then loads the TypeScript half.
import { register } from "tsx/esm/api";

register();
await import("./access-log-worker-main.ts");
