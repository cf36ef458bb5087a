#!/usr/bin/env node
'use strict';
// The operator CLI, run from its TypeScript sources through tsx (installed by `npm ci`), so nothing needs
// building first.
require('tsx/cjs/api').register();
require('../cli/main.ts');
