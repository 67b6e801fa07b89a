/** Exit codes, as documented in `--help` and the README. */
export const EXIT = {
  ok: 0,
  /** The API refused, or something failed at run time. */
  error: 1,
  /** Bad usage: an unknown command or flag, a missing value. */
  usage: 2,
  /** `deploy --wait`: the deployment ended in a failed state. */
  deploymentFailed: 3,
  /** `status`: at least one service is in error. */
  serviceInError: 4,
} as const;

const GLOBAL = `Global options:
  --api-url URL      API base URL (default: QOVERY_API_URL, else https://api.qovery.com)
  --organization-id ID
                     the organization to work in; needed only when the credential
                     sees several (a user's JWT may)
  --token TOKEN      credential to use; prefer QOVERY_CLI_ACCESS_TOKEN or QOVERY_API_TOKEN,
                     since a flag lands in your shell history
  --debug            print stack traces of errors
  -h, --help         help for the command
  -v, --version      the version`;

const EXIT_CODES = `Exit codes: 0 success, 1 API or runtime error, 2 bad usage,
  3 deploy --wait ended in a failed state, 4 status found a service in error.`;

export const HELP: Record<string, string> = {
  main: `Usage: qovery-sdk <command> [options]      (npx qovery <command> runs it too)

The Qovery API from your shell, on top of the qovery SDK. Credentials come from
QOVERY_CLI_ACCESS_TOKEN, then QOVERY_API_TOKEN.

Commands:
  token                 create an API token; its value alone goes to stdout
  token list            list the organization's tokens (never their values)
  token revoke ID|NAME  delete a token
  auth                  check the credentials: who, where, which scheme, rate limit left
  deploy                deploy an application by name (also: application deploy)
  status                every service's status, as a table or JSON

Run qovery-sdk <command> --help for a command's options.

${GLOBAL}

${EXIT_CODES}`,

  token: `Usage: qovery-sdk token [--name NAME] [--description TEXT] [--role ROLE] [--json]

Creates an API token and prints its value alone on stdout, so it can be piped into a secret
store: qovery-sdk token --name CI | gh secret set QOVERY_TOKEN
The name, id and role go to stderr. The API shows the value this once: store it now.

Options:
  --name NAME         default: qovery-sdk <host> <date>
  --description TEXT
  --role ROLE         a role name, for example Admin or Viewer (default: the API's choice)
  --json              print { id, name, role, token } instead

Also: token list [--json], token revoke ID|NAME.

${GLOBAL}

${EXIT_CODES}`,

  'token list': `Usage: qovery-sdk token list [--json]

Lists the organization's API tokens: name, id, role, creation date. Values are never shown
(the API never returns them after creation).

${GLOBAL}

${EXIT_CODES}`,

  'token revoke': `Usage: qovery-sdk token revoke ID|NAME

Deletes a token, by id or by name; a name that matches several tokens is an error listing them.
The token stops working at once.

${GLOBAL}

${EXIT_CODES}`,

  auth: `Usage: qovery-sdk auth [--json]

Checks the credentials and prints the organization(s) they see, the scheme used
(Token for API tokens, Bearer for JWTs) and the rate limit left. Exit 0 when valid.

${GLOBAL}

${EXIT_CODES}`,

  deploy: `Usage: qovery-sdk deploy --application NAME [--environment NAME] [--project NAME]
                         [--commit SHA] [--wait] [--timeout 10m]
   or: qovery-sdk application deploy --application NAME ...

Deploys an application found by name (environment and project narrow it down when the name is
in several places). With --commit (default: GITHUB_SHA, CI_COMMIT_SHA), it builds that commit;
without one, it redeploys the current commit.

Options:
  --application NAME  required
  --environment NAME
  --project NAME
  --commit SHA
  --wait              follow the deployment until it settles
  --timeout DURATION  how long --wait may take: 90s, 10m, 1h (default 30m)

${GLOBAL}

${EXIT_CODES}`,

  status: `Usage: qovery-sdk status [--format table|json] [--project NAME] [--environment NAME]

Prints every service's status. JSON is { "services": [{ id, name, kind, project, environment,
environmentId, status, state }] }, where status is one of RUNNING, IN_PROGRESS, STOPPED, ERROR,
UNKNOWN and state is the API's own (DEPLOYMENT_ERROR, ...). Exits 4 when a service is in ERROR:
  qovery-sdk status --format json > status.json || alert

${GLOBAL}

${EXIT_CODES}`,
};
