/**
 * Error helpers the whole main process shares through the engine: one `errorText` (defined in
 * shared/ so the renderer can use the same one) instead of a private copy per module.
 */
export { errorText } from '../../../shared/error-text';
