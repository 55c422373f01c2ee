#!/usr/bin/env node
// The bundled CLI (dist/bundle, built by `npm ci` / `npm run build`): two
// files instead of eighty modules, so every run starts faster.
'use strict';
require('../dist/bundle/main.js')
  .runMain(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
