/**
 * The recordings directory as the studio API's recording commands see it (RecordingLibrary):
 * the recording module's listing (manifests only), open (v2 folders, v1 files read-only) and
 * delete, over one directory.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteRecording, listRecordings, openRecording, RECORDING_ID, V1_EXT } from '../recording';
import type { RecordingLibrary } from './recording-commands';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export function createRecordingLibrary(dir: string): RecordingLibrary {
  return {
    list: () => listRecordings(dir),
    open: (id) => openRecording(dir, id),
    async remove(id) {
      // A missing recording answers deleted: false rather than an error (it may be gone already).
      if (
        RECORDING_ID.test(id) &&
        !(await exists(join(dir, id))) &&
        !(await exists(join(dir, `${id}${V1_EXT}`)))
      )
        return false;
      await deleteRecording(dir, id);
      return true;
    },
  };
}
