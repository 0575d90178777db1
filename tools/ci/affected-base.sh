#!/usr/bin/env bash
# Chooses what `nx affected` compares against in the GitHub workflow, and says when it cannot.
#   pull_request  origin/<base branch>
#   push          the commit before the push (github.event.before), when this clone has it;
#                 otherwise the previous commit: `before` is all zeros on a branch's first push,
#                 and after a force push it names a commit the clone may not hold;
#                 with no previous commit either (a repository's first commit), no base at all,
#                 and the caller runs every project (`nx run-many`).
# Reads EVENT_NAME, BASE_REF and BEFORE from the environment (set them from the `github`
# context in `env:`, never by splicing `${{ }}` into the script). Prints `sha=<base>` (empty
# when every project must run) and `reason=<why>`, and appends both to $GITHUB_OUTPUT when set.
set -euo pipefail

event="${EVENT_NAME:-}"
sha=""
reason=""

has_commit() { [ -n "$1" ] && git rev-parse --verify --quiet "$1^{commit}" >/dev/null; }

case "$event" in
  pull_request|pull_request_target)
    [ -n "${BASE_REF:-}" ] || { echo "affected-base: BASE_REF is empty on a $event event" >&2; exit 1; }
    sha="origin/${BASE_REF}"
    reason="pull request against ${BASE_REF}"
    ;;
  *)
    before="${BEFORE:-}"
    if [ -n "$before" ] && [ -n "${before//0/}" ] && has_commit "$before"; then
      sha="$before"
      reason="the commit before the push"
    elif has_commit "HEAD~1"; then
      sha="$(git rev-parse HEAD~1)"
      if [ -z "$before" ] || [ -z "${before//0/}" ]; then
        reason="no commit before the push (first push of the branch): the previous commit"
      else
        reason="the commit before the push ($before) is not in this clone (force push): the previous commit"
      fi
    else
      sha=""
      reason="no previous commit: every project"
    fi
    ;;
esac

printf 'sha=%s\nreason=%s\n' "$sha" "$reason"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'sha=%s\nreason=%s\n' "$sha" "$reason" >> "$GITHUB_OUTPUT"
fi
if [ -n "$sha" ]; then reason="$reason ($sha)"; fi
echo "affected-base: $reason" >&2
