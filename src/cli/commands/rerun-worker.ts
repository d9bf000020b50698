/**
 * A worker thread of `rerun --jobs N`: re-runs the jobs it is sent, one at a time, and posts each
 * outcome back. The recording target is rebuilt here (functions do not cross threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordTarget } from './record-target';
import { rerunOne, type RerunJob } from './rerun-one';

interface WorkerInput {
  jobs: RerunJob[];
  record: { record?: string; 'no-record'?: boolean };
  recordingDir: string | null;
}

const input = workerData as WorkerInput;
const target = { ...recordTarget(input.record, null), dir: input.recordingDir };
for (const job of input.jobs) parentPort?.postMessage(await rerunOne(job, target));
