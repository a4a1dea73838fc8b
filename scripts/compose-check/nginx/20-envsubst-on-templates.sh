#!/bin/sh
# /etc/nginx/templates/X.template → /etc/nginx/conf.d/X, with envsubst replacing only the
# environment variables whose names match NGINX_ENVSUBST_FILTER (an extended regular
# expression; all of them when unset), so nginx's own $variables stay.
set -e
templates=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
output=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
[ -d "$templates" ] || exit 0
names=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' | grep -E -- "${NGINX_ENVSUBST_FILTER:-.}" || true)
shell_format=$(for name in $names; do printf '${%s} ' "$name"; done)
find "$templates" -follow -type f -name "*$suffix" | while read -r template; do
    relative=${template#"$templates/"}
    target="$output/${relative%"$suffix"}"
    mkdir -p "$(dirname "$target")"
    echo "$0: envsubst $template > $target"
    envsubst "$shell_format" <"$template" >"$target"
done
