# Sourced by the bench scripts: picks the JDK (Java 25 when present), builds the jar if needed,
# and starts/stops the service on a fresh database.
java_home=${JAVA_HOME_BENCH:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$java_home/bin/java" ] || java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
# BENCH_JAR: another build to measure (an earlier commit's, for a before/after comparison).
jar=${BENCH_JAR:-$(ls target/sync-bridge-*.jar 2>/dev/null | head -1 || true)}
[ -n "$jar" ] || { ./mvnw -B -q package -DskipTests; jar=$(ls target/sync-bridge-*.jar | head -1); }

# start_app PORT [app args…]: starts the jar on a new temporary database, waits for health.
# JVM options go in APP_JVM_OPTS.
start_app() {
  local port=$1
  shift
  app_dir=$(mktemp -d)
  APP_AUTH_TOKEN=bench DB_PATH="$app_dir/db" PORT=$port "$java_home/bin/java" ${APP_JVM_OPTS:-} -jar "$jar" "$@" \
    >"$app_dir/log" 2>&1 &
  app_pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/healthz"; do
    kill -0 $app_pid 2>/dev/null || { cat "$app_dir/log"; return 1; }
    sleep 0.1
  done
}

stop_app() {
  kill $app_pid 2>/dev/null || true
  wait $app_pid 2>/dev/null || true
  rm -rf "$app_dir"
}

# bundled_libs JAR DIR LIB…: puts JAR's own copies of the libraries (sqlite-jdbc, postgresql,
# tomcat-embed-core, …) into DIR, the class path of the Java benchmarks, which run from source
# without a build.
bundled_libs() {
  local jar=$1 dir=$2 lib
  shift 2
  for lib in "$@"; do
    unzip -q -j "$jar" "$(unzip -Z1 "$jar" | grep "BOOT-INF/lib/$lib-[0-9].*\.jar")" -d "$dir"
  done
}

# aot_supported: whether this JVM has a JDK AOT cache (Java 25+).
aot_supported() {
  "$java_home/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCache '
}

# aot_cache JAR DIR: extracts JAR into DIR and records DIR/app.aot with a training run that starts
# the context and exits, as the Dockerfile and the README's fast start do. Start it with
# `cd DIR && java -XX:AOTCache=app.aot -jar $(basename JAR)`.
aot_cache() {
  local jar=$1 dir=$2
  "$java_home/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
  if ! (cd "$dir" && APP_AUTH_TOKEN=train DB_PATH="$dir/train.db" "$java_home/bin/java" \
    -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar "$(basename "$jar")") \
    >"$dir/train.log" 2>&1; then
    tail -40 "$dir/train.log"
    return 1
  fi
  rm -f "$dir"/train.db*
}
