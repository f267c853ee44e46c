#!/usr/bin/env node
// The CLI's code is built into dist/ (tsup): by the repository's postinstall, and before `npm pack`.
// This file is committed so npm can link the bin before that build has run.
require('../dist/cli.cjs');
