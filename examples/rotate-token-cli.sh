#!/usr/bin/env bash
# Rotate a CI token from the shell: create the new token, hand it to the secret store, revoke the old
# one. The new value only ever travels through the pipe.
#   QOVERY_CLI_ACCESS_TOKEN=qov_… bash examples/rotate-token-cli.sh "GitHub Actions"
# STORE_SECRET (default: gh secret set QOVERY_TOKEN) receives the value on stdin; QOVERY_SDK
# (default: npx qovery) is the command line to use.
# pipefail: if creating the token fails, the old one must not be revoked.
set -euo pipefail
old="$1"
new="$old $(date +%Y-%m-%d)"

${QOVERY_SDK:-npx qovery} token --name "$new" | ${STORE_SECRET:-gh secret set QOVERY_TOKEN}
${QOVERY_SDK:-npx qovery} token revoke "$old"
