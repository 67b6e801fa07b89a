#!/usr/bin/env bash
# The preview-environment workflow with the command line alone (no TypeScript), safe to re-run:
#   open   clone staging into pr-<number> (or reuse it), point its application at the pull request's
#          branch, set a variable and a secret, deploy the environment, wait, print its links;
#   close  delete it.
# Reads QOVERY_API_TOKEN, PR_NUMBER, PR_BRANCH and PREVIEW_API_KEY (the secret), and optionally
# QOVERY_PROJECT (default Backend), QOVERY_SOURCE_ENVIRONMENT (default staging), QOVERY_APPLICATION
# (default api). Exit codes are the CLI's: 0 done, 1 failed, 3 the deployment failed.
#   PR_NUMBER=123 PR_BRANCH=feature/x PREVIEW_API_KEY=… examples/preview-environment.sh open
set -euo pipefail

project="${QOVERY_PROJECT:-Backend}"
source_environment="${QOVERY_SOURCE_ENVIRONMENT:-staging}"
application="${QOVERY_APPLICATION:-api}"
preview="pr-${PR_NUMBER:?PR_NUMBER is required}"
qovery() { npx --yes qovery "$@" --project "$project"; }

case "${1:-}" in
  open)
    qovery environment clone --environment "$source_environment" --new-environment-name "$preview" --mode PREVIEW
    qovery application update --environment "$preview" --application "$application" \
      --branch "${PR_BRANCH:?PR_BRANCH is required}"
    qovery env set --environment "$preview" --key PR_NUMBER --value "$PR_NUMBER"
    qovery env set --environment "$preview" --application "$application" --key API_KEY \
      --value "${PREVIEW_API_KEY:?PREVIEW_API_KEY is required}" --secret
    qovery environment deploy --environment "$preview" --wait --timeout 20m
    qovery environment links --environment "$preview"
    ;;
  close)
    qovery environment delete --environment "$preview"
    ;;
  *)
    echo "usage: PR_NUMBER=123 $0 open|close" >&2
    exit 2
    ;;
esac
