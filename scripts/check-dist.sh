#!/usr/bin/env bash
# Fails when the committed dist/ differs from a fresh bundle of the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent package >/dev/null
if ! git diff --quiet -- dist; then
  echo "dist/ is stale: run 'npm run package' and commit dist/" >&2
  git diff --stat -- dist >&2
  exit 1
fi
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ has files that are not committed:" >&2
  git status --porcelain -- dist >&2
  exit 1
fi
echo "dist/ matches a fresh bundle"
