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

const WHERE_AND_WAIT = `  --organization NAME the organization (default: the credential's only one, or --organization-id)
  --project NAME      narrows the search down when a name is in several projects
  --environment NAME  narrows the search down when a name is in several environments
  --wait, --watch     follow the deployment(s) until they settle
  --timeout DURATION  how long --wait may take: 90s, 10m, 1h (default 30m)`;

/** The help of `<kind> deploy`: the same flags for every kind, plus what the kind deploys from. */
function deployHelp(kind: string, from: string, about: string, fromOptions: string): string {
  return `Usage: qovery-sdk ${kind} deploy --${kind} NAME ${from} [--environment NAME] [--project NAME]
                            [--wait] [--timeout 10m]
   or: qovery-sdk ${kind} deploy --${kind}s "NAME1,NAME2" ...

Deploys the ${kind}(s) found by name: one request finds every name (the organization's list of
services); the environment and project narrow it down when a name is in several places.
${about}

Options:
  --${kind} NAME${' '.repeat(Math.max(1, 13 - kind.length))}one ${kind}
  --${kind}s "A,B"${' '.repeat(Math.max(1, 11 - kind.length))}several, deployed one after the other, followed together
${fromOptions ? `${fromOptions}\n` : ''}${WHERE_AND_WAIT}

${GLOBAL}

${EXIT_CODES}`;
}

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
  application deploy    deploy applications by name, at a commit (also: deploy)
  container deploy      deploy containers by name, at an image tag
  job deploy            deploy jobs by name, at an image tag or a commit
  helm deploy           deploy helm charts by name, at a chart version or a commit
  database deploy       deploy databases by name
  application update    point an application at a git branch
  container update      point a container at an image tag (or image)
  environment deploy    deploy a whole environment by name, or some of its services at once
  environment clone     clone an environment (a preview per pull request); re-runs reuse it
  environment delete    delete an environment and its services
  environment links     the public URLs of an environment's services
  env set|create|update|delete
                        environment variables and secrets of an environment or a service
  status                every service's status, of every kind, as a table or JSON

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

  'application deploy': deployHelp(
    'application',
    '[--commit SHA]',
    `With --commit (default: GITHUB_SHA, CI_COMMIT_SHA), it builds that commit; without one, it
redeploys the current commit. Also written: qovery-sdk deploy --application NAME ...`,
    '  --commit SHA        the commit to build and deploy',
  ),
  'container deploy': deployHelp(
    'container',
    '[--tag TAG]',
    'With --tag, it deploys that image tag (the one CI just pushed); without one, it redeploys.',
    '  --tag TAG           the image tag to deploy',
  ),
  'job deploy': deployHelp(
    'job',
    '[--tag TAG | --commit SHA]',
    'A job deploys from its source: an image tag, or a commit of its repository; with neither, as it is set.',
    '  --tag TAG           the image tag to deploy (a job built from an image)\n  --commit SHA        the commit to deploy (a job built from git)',
  ),
  'helm deploy': deployHelp(
    'helm',
    '[--chart_version V] [--chart_git_commit_id SHA]',
    'A chart deploys at a chart version (from a helm repository) or a commit (from git); with neither, as it is set.',
    '  --chart_version V   the chart version\n  --chart_git_commit_id SHA\n                      the commit of a chart from git\n  --values_override_git_commit_id SHA\n                      the commit of the values override file',
  ),
  'database deploy': deployHelp('database', '', 'A database deploys as it is configured.', ''),
  'application update': `Usage: qovery-sdk application update --application NAME --branch BRANCH
                                     [--environment NAME] [--project NAME] [--organization NAME]

Points the application at a git branch, keeping every other setting (the Qovery API takes the whole
service back: it is read, changed and written). Writes nothing when it is on that branch already.
Deploy it afterwards to build the branch.

${GLOBAL}

${EXIT_CODES}`,

  'container update': `Usage: qovery-sdk container update --container NAME [--tag TAG] [--image-name NAME]
                                   [--environment NAME] [--project NAME] [--organization NAME]

Points the container at an image tag (or another image of its registry), keeping every other
setting. Writes nothing when it runs that image already. Deploy it afterwards to run it.

${GLOBAL}

${EXIT_CODES}`,

  'environment clone': `Usage: qovery-sdk environment clone --environment NAME --new-environment-name NAME
                                    [--project NAME] [--organization NAME] [--mode PREVIEW]

Clones the environment, its services of every kind and their variables, into a new one; prints the
new environment's id on stdout. When one of that name exists already (a workflow run again), prints
its id and clones nothing.

${GLOBAL}

${EXIT_CODES}`,

  'environment delete': `Usage: qovery-sdk environment delete --environment NAME [--project NAME] [--organization NAME]

Deletes the environment and every service in it.

${GLOBAL}

${EXIT_CODES}`,

  'environment links': `Usage: qovery-sdk environment links --environment NAME [--project NAME] [--format table|json]

Prints the public URLs of the environment's services; JSON is { "links": [{ service_id,
service_type, url, internal_port, external_port, is_qovery_domain, is_default }] }.

${GLOBAL}

${EXIT_CODES}`,

  ...Object.fromEntries(
    ['set', 'create', 'update', 'delete'].map((verb) => [
      `env ${verb}`,
      `Usage: qovery-sdk env set|create|update|delete --key KEY [--value VALUE] [--secret]
                        --environment NAME [--project NAME]
                        [--application NAME | --container NAME | --job NAME | --helm NAME]

Environment variables and secrets, at the environment's scope or, with a service flag, at that
service's. set makes KEY hold VALUE whatever is there (creates it, updates it, or overrides the one
inherited from the environment or project), and changes nothing when it already does: the one to
re-run in a workflow. create fails when KEY exists; update and delete find it by key. No value is
ever printed, and a secret's value is hidden from error messages.

${GLOBAL}

${EXIT_CODES}`,
    ]),
  ),

  'environment deploy': `Usage: qovery-sdk environment deploy --environment NAME [--project NAME] [--organization NAME]
                                     [--applications "NAME[:COMMIT],..."] [--containers "NAME[:TAG],..."]
                                     [--lifecycles "NAME[:VERSION],..."] [--cronjobs "NAME[:VERSION],..."]
                                     [--helms "NAME[:VERSION],..."]
                                     [--databases "NAME,..."] [--wait] [--timeout 10m]

Deploys every service of the environment found by name; or, given any of the service flags, only
the services they name, as one deployment request, each at the version after its colon or at the
one it runs. A job's or helm chart's VERSION is an image tag, a chart version or a commit, by its
source. A service flag given empty is a usage error, not a deploy of the whole environment.

Options:
${WHERE_AND_WAIT}
  --applications LIST applications, each NAME or NAME:COMMIT
  --containers LIST   containers, each NAME or NAME:TAG
  --lifecycles LIST   jobs, each NAME or NAME:VERSION
  --cronjobs LIST     the same: the Qovery CLI's two names, each taking a job of either kind
  --helms LIST        helm charts, each NAME or NAME:VERSION
  --databases LIST    databases, by NAME (a database has no version)

${GLOBAL}

${EXIT_CODES}`,

  status: `Usage: qovery-sdk status [--format table|json] [--project NAME] [--environment NAME]
                        [--organization NAME]

Prints the status of every service, of every kind (application, container, job, database, helm,
terraform, ...). JSON is { "services": [{ id, name, kind, project, projectId, environment,
environmentId, status, state }] }, where status is one of RUNNING, IN_PROGRESS, STOPPED, ERROR,
UNKNOWN and state is the API's own (DEPLOYMENT_ERROR, ...). It costs 1 + E requests for E
environments. Exits 4 when a service is in ERROR:
  qovery-sdk status --format json > status.json || alert

${GLOBAL}

${EXIT_CODES}`,
};
