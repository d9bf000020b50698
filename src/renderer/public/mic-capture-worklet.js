/**
 * Runs on the audio thread: collects the microphone's samples (channels averaged to mono) into
 * blocks of `blockSize` and posts each block to the page, which resamples and pushes it to
 * main. Served from the renderer's own origin (the CSP allows scripts from 'self' only), so it
 * is plain JavaScript outside the bundle; the math it would need lives in src/audio/resample.ts.
 */
/* global AudioWorkletProcessor, registerProcessor */
class MicCaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const size = options && options.processorOptions && options.processorOptions.blockSize;
    this.size = Number.isInteger(size) && size > 0 ? size : 960;
    this.block = new Float32Array(this.size);
    this.filled = 0;
    this.stopped = false;
    this.port.onmessage = (e) => {
      if (e.data === 'stop') this.stopped = true;
    };
  }

  process(inputs) {
    if (this.stopped) return false;
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < input.length; c++) sum += input[c][i];
      this.block[this.filled++] = sum / input.length;
      if (this.filled === this.size) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(this.size);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('mic-capture', MicCaptureProcessor);
