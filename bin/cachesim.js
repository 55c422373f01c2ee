#!/usr/bin/env node
import { runMain } from '../dist/src/cli/main.js';

runMain(process.argv).then((code) => {
  process.exitCode = code;
});
