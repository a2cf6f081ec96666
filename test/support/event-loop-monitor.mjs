import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Preloaded into the app's process by the end-to-end tests and the load benchmark: measures how
 * long the event loop was blocked (what delays every webhook acknowledgement) and prints the
 * distribution on exit as one EVENT_LOOP_DELAY line on stderr. SIGUSR2 starts the measurement
 * over, so start-up and warm-up are left out. Plain JavaScript: the app runs compiled, without tsx.
 */
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

process.on("SIGUSR2", () => histogram.reset());

process.on("exit", () => {
  const ms = (ns) => Math.round(ns / 1e5) / 10;
  const summary = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean) };
  process.stderr.write(`EVENT_LOOP_DELAY ${JSON.stringify(summary)}\n`);
});
