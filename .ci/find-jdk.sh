# Sourced by ./sundial and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Keeps JAVA_HOME when it is set and new enough, else takes the newest JDK under /usr/lib/jvm.
_sundial_jdk_major() {
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  echo "${v:-0}"
}
_sundial_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(_sundial_jdk_major "$JAVA_HOME")" -ge 21 ]; then
    return 0
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [ -x "$d/bin/javac" ] || continue
    m=$(_sundial_jdk_major "$d")
    if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$d"; best_major="$m"; fi
  done
  if [ -z "$best" ]; then
    echo "sundial: no JDK >= 21 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
_sundial_pick_jdk
export PATH="$JAVA_HOME/bin:$PATH"
