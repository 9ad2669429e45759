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
