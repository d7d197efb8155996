#!/usr/bin/env bash
# The browser bundles of the GraphQL playground (GET /) and the OpenAPI viewer
# (GET /openapi), committed in webui/vendor/ so that the binary embeds and
# serves them (go:embed): the pages work with no network and load nothing
# from a CDN.
#
#   scripts/webui-assets.sh          downloads the pinned packages below from
#                                    the npm registry, checks each tarball
#                                    against the registry's dist.integrity,
#                                    and writes webui/vendor/ and its SOURCES
#   scripts/webui-assets.sh --check  offline (CI): the committed files are the
#                                    ones SOURCES records, and SOURCES records
#                                    exactly the pins below
#
# To upgrade: change a version below, run the script, run go test ./webui/
# (it drives the pages in Chromium), commit webui/vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."

# The pins, the only place the versions are written: package@version, a file
# of its tarball, the name webui/vendor/ keeps it under. GraphiQL 3 is the last
# major with a browser (UMD) bundle, run on the React 18 UMD builds; the
# explorer plugin's UMD bundle takes React and GraphiQL from those globals.
# The explorer plugin ships no LICENSE of its own: it is MIT, from GraphiQL's
# repository, whose LICENSE is graphiql.LICENSE.
PINS=(
  "react@18.3.1 umd/react.production.min.js react.production.min.js"
  "react@18.3.1 LICENSE react.LICENSE"
  "react-dom@18.3.1 umd/react-dom.production.min.js react-dom.production.min.js"
  "react-dom@18.3.1 LICENSE react-dom.LICENSE"
  "graphiql@3.9.0 graphiql.min.js graphiql.min.js"
  "graphiql@3.9.0 graphiql.min.css graphiql.min.css"
  "graphiql@3.9.0 LICENSE graphiql.LICENSE"
  "@graphiql/plugin-explorer@3.2.6 dist/index.umd.js graphiql-plugin-explorer.umd.js"
  "@graphiql/plugin-explorer@3.2.6 dist/style.css graphiql-plugin-explorer.css"
  "swagger-ui-dist@5.35.0 swagger-ui-bundle.js swagger-ui-bundle.js"
  "swagger-ui-dist@5.35.0 swagger-ui.css swagger-ui.css"
  "swagger-ui-dist@5.35.0 LICENSE swagger-ui.LICENSE"
  "swagger-ui-dist@5.35.0 NOTICE swagger-ui.NOTICE"
  "swagger-ui-dist@5.35.0 swagger-ui-bundle.js.LICENSE.txt swagger-ui-bundle.js.LICENSE.txt"
)

VENDOR=webui/vendor
MANIFEST="$VENDOR/SOURCES"

# pinned_sources prints, for each pin, "name package@version/file": what the
# manifest's first and third columns must say.
pinned_sources() {
  local pin pkg file name
  for pin in "${PINS[@]}"; do
    read -r pkg file name <<<"$pin"
    echo "$name $pkg/$file"
  done
}

if [ "${1:-}" = "--check" ]; then
  if ! diff <(pinned_sources) <(awk '{print $1, $3}' "$MANIFEST"); then
    echo "$MANIFEST does not record the pins of $0: run it and commit $VENDOR/"; exit 1
  fi
  if ! diff <(awk '{print $1}' "$MANIFEST" | sort) <(cd "$VENDOR" && ls | grep -vx SOURCES | sort); then
    echo "$VENDOR/ holds files that $MANIFEST does not list, or lacks some"; exit 1
  fi
  if ! awk '{print $2 "  " $1}' "$MANIFEST" | (cd "$VENDOR" && sha256sum --check --strict --quiet); then
    echo "files in $VENDOR/ differ from what $0 wrote: run it and commit $VENDOR/"; exit 1
  fi
  echo "$VENDOR/ is what the pins in $0 download"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch downloads package@version's tarball once, checks it against the
# registry's dist.integrity (sha512) and unpacks it in $work/<package@version>.
fetch() {
  local spec=$1 dir="$work/${1//\//_}"
  [ -d "$dir" ] && return
  local want got tarball
  want=$(npm view "$spec" dist.integrity)
  [[ $want == sha512-* ]] || { echo "$spec: the registry gives no sha512 integrity ($want)"; exit 1; }
  mkdir -p "$dir"
  tarball=$(cd "$dir" && npm pack --silent "$spec")
  got="sha512-$(openssl dgst -sha512 -binary "$dir/$tarball" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "$spec: the tarball's integrity is $got, the registry says $want"; exit 1
  fi
  tar -xzf "$dir/$tarball" -C "$dir"
  echo "$spec: $want"
}

rm -rf "$VENDOR"
mkdir -p "$VENDOR"
: >"$work/manifest"
for pin in "${PINS[@]}"; do
  read -r pkg file name <<<"$pin"
  fetch "$pkg"
  cp "$work/${pkg//\//_}/package/$file" "$VENDOR/$name"
  echo "$name $(sha256sum "$VENDOR/$name" | cut -d' ' -f1) $pkg/$file" >>"$work/manifest"
done
mv "$work/manifest" "$MANIFEST"
echo "wrote $VENDOR/; $0 --check now passes"
