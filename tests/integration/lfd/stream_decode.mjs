// An independent decoder of LightFlow runtime frames: the TypeScript flatc
// generated from libs/stream/schema/runtime_frame.fbs (bundled by esbuild
// into <decoder.mjs>) over the npm `flatbuffers` runtime, with no LightFlow
// code. Prints what it decoded as JSON.
// Usage: node stream_decode.mjs <npm dir> <decoder.mjs> file <path>
//        node stream_decode.mjs <npm dir> <decoder.mjs> http <url>
//        node stream_decode.mjs <npm dir> <decoder.mjs> live <ws url> <ready file> <out file>
//        node stream_decode.mjs <npm dir> <decoder.mjs> slow <ws url> <pause ms> <out file>
// `slow` reads nothing for <pause ms> after the handshake, then everything.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [npmDir, decoderPath, mode, ...rest] = process.argv.slice(2);
const require = createRequire(path.join(npmDir, 'node_modules', 'noop.js'));
const flatbuffers = require('flatbuffers');
const schema = await import(decoderPath);
const { RuntimeFrame, FrameKind, RunStatus, StepStatus, EventKind } = schema;

// One frame: the size prefix must cover exactly the bytes that follow, and
// the identifier must be LFRS, before anything else is read.
function decode(bytes) {
  const bb = new flatbuffers.ByteBuffer(bytes);
  if (bytes.length < 12 || bb.readUint32(0) + 4 !== bytes.length) {
    throw new Error(`not one size-prefixed frame (${bytes.length} bytes)`);
  }
  if (!RuntimeFrame.bufferHasIdentifier(new flatbuffers.ByteBuffer(bytes.subarray(4)))) {
    throw new Error('no LFRS identifier');
  }
  const frame = RuntimeFrame.getSizePrefixedRootAsRuntimeFrame(bb);
  const out = {
    version: frame.version(),
    kind: FrameKind[frame.kind()],
    run_id: frame.runId(),
    status: frame.status(),
    run_status: RunStatus[frame.runStatus()],
    sequence: Number(frame.sequence()),
    timestamp_unix_ms: Number(frame.timestampUnixMs()),
  };
  const snapshot = frame.snapshot();
  if (snapshot) {
    const steps = [];
    for (let i = 0; i < snapshot.stepsLength(); i += 1) {
      const step = snapshot.steps(i);
      const dependsOn = [];
      for (let j = 0; j < step.dependsOnLength(); j += 1) {
        dependsOn.push(step.dependsOn(j));
      }
      steps.push({ step_id: step.stepId(), node_id: step.nodeId(),
                   status: StepStatus[step.status()], attempt: step.attempt(),
                   provider: step.provider(), model: step.model(),
                   fingerprint: step.fingerprint(),
                   submitted_at_unix_ms: Number(step.submittedAtUnixMs()),
                   finished_at_unix_ms: Number(step.finishedAtUnixMs()),
                   cached: step.cached(), depends_on: dependsOn });
    }
    out.snapshot = { workflow_asset_id: snapshot.workflowAssetId(),
                     total_steps: snapshot.totalSteps(),
                     planned_steps: snapshot.plannedSteps(),
                     succeeded_steps: snapshot.succeededSteps(),
                     finished: snapshot.finished(), steps };
  }
  const event = frame.event();
  if (event) {
    out.event = { kind: EventKind[event.kind()], step_id: event.stepId(),
                  provider: event.provider(), model: event.model(),
                  done_steps: event.doneSteps(), total_steps: event.totalSteps() };
  }
  return out;
}

if (mode === 'file') {
  console.log(JSON.stringify(decode(new Uint8Array(fs.readFileSync(rest[0])))));
} else if (mode === 'http') {
  const response = await fetch(rest[0]);
  const bytes = new Uint8Array(await response.arrayBuffer());
  console.log(JSON.stringify({ content_type: response.headers.get('content-type'),
                               sequence_header: response.headers.get('x-lightflow-frame-sequence'),
                               frame: decode(bytes) }));
} else if (mode === 'live') {
  const [url, readyFile, outFile] = rest;
  const WebSocket = require('ws');
  const frames = [];
  const errors = [];
  const socket = new WebSocket(url);
  socket.binaryType = 'nodebuffer';
  // Ready once the first frame is in (or, resuming, once the socket is open).
  const ready = () => fs.writeFileSync(readyFile, 'ready\n');
  if (url.includes('after_seq=')) {
    socket.on('open', ready);
  }
  socket.on('message', (data, isBinary) => {
    try {
      if (!isBinary) {
        throw new Error('a text message');
      }
      frames.push(decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    } catch (error) {
      errors.push(String(error));
    }
    if (frames.length + errors.length === 1 && !url.includes('after_seq=')) {
      ready();
    }
  });
  socket.on('error', (error) => errors.push(String(error)));
  socket.on('close', (code, reason) => {
    fs.writeFileSync(outFile, JSON.stringify({ frames, errors, close: { code, reason: reason.toString() } }));
    process.exit(0);
  });
} else if (mode === 'slow') {
  const [url, pauseMs, outFile] = rest;
  const WebSocket = require('ws');
  const frames = [];
  const errors = [];
  const socket = new WebSocket(url);
  socket.binaryType = 'nodebuffer';
  socket.on('upgrade', (response) => {
    // Stop reading the TCP connection: lfd's frames pile up in its queue.
    response.socket.pause();
    setTimeout(() => response.socket.resume(), Number(pauseMs));
  });
  socket.on('message', (data) => {
    try {
      frames.push(decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    } catch (error) {
      errors.push(String(error));
    }
  });
  socket.on('error', (error) => errors.push(String(error)));
  socket.on('close', (code, reason) => {
    const sequences = frames.map((frame) => frame.sequence);
    fs.writeFileSync(outFile, JSON.stringify({ count: frames.length, first: sequences[0] ?? 0,
                                               last: sequences.at(-1) ?? 0,
                                               contiguous: sequences.every((seq, i) => i === 0 || seq === sequences[i - 1] + 1),
                                               errors, close: { code, reason: reason.toString() } }));
    process.exit(0);
  });
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
