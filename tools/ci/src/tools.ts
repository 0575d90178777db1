/**
 * Where each command a workflow step runs comes from. A command found in none of these is
 * an error: a step would fail on the runner with "command not found", which nothing here
 * can run to find out.
 */

/**
 * On GitHub's `ubuntu-latest` image before any step runs: the shell and its builtins, the
 * coreutils and the clients the image lists as installed (actions/runner-images,
 * images/ubuntu/Ubuntu2404-Readme.md: git, gh, Go, Helm, jq, curl).
 */
export const RUNNER_TOOLS: ReadonlySet<string> = new Set([
  // shell builtins and keywords that parse as commands
  'echo', 'printf', 'exit', 'export', 'cd', 'set', 'true', 'false', 'test', 'read', 'shift', 'return', 'local', 'wait', 'command', 'source', '.', ':',
  // coreutils, findutils, grep, sed, and the system tools apt needs
  'cat', 'mkdir', 'ls', 'grep', 'tee', 'cp', 'mv', 'rm', 'sed', 'awk', 'head', 'tail', 'sort', 'uniq', 'wc', 'tr', 'xargs', 'env', 'id', 'getent',
  'groupadd', 'date', 'basename', 'dirname', 'realpath', 'mktemp', 'chmod', 'find', 'diff', 'sha256sum', 'tar', 'sleep', 'sudo', 'apt-get', 'bash', 'sh',
  // clients preinstalled on the image
  'git', 'gh', 'go', 'helm', 'jq', 'curl',
]);

/** What an action makes available to the steps after it in the same job. */
export const ACTION_TOOLS: Readonly<Record<string, readonly string[]>> = {
  'actions/setup-node': ['node', 'npm', 'npx'],
};

/**
 * Scripts whose purpose is to install tools, and what each installs (as commands). The
 * test holds each script to its row: every package it installs gives these commands.
 */
export const SETUP_SCRIPTS: Readonly<Record<string, { readonly commands: readonly string[]; readonly aptPackages: readonly string[] }>> = {
  'tools/ci/setup-tools.sh': {
    commands: ['openssl', 'nix-instantiate', 'cfssl', 'shellcheck'],
    aptPackages: ['openssl', 'nix-bin', 'golang-cfssl', 'shellcheck'],
  },
};

/**
 * The tools a test run uses without naming them on the command line: the pki-bootstrap and
 * compiler tests run openssl, nix-instantiate and cfssl (and fail under CI=true without
 * them), @strata/ci runs ShellCheck. `nx … -t test` and `npm test` need all of them.
 */
export const TEST_TOOLS: readonly string[] = ['openssl', 'nix-instantiate', 'cfssl', 'shellcheck'];

/** Package binaries that run other programs: `npx <bin>` needs these too. */
export const BIN_NEEDS: Readonly<Record<string, readonly string[]>> = {
  // proves pins online: `helm pull`/`helm template`, `crane digest`, `git ls-remote`
  'strata-pins-verify': ['helm', 'crane', 'git'],
  // `strata diff --base <ref>` reads the base tree with git
  strata: ['git'],
};
