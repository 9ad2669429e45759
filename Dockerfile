# syntax=docker/dockerfile:1
# Sync Bridge: built with the Maven wrapper, run on a Java 25 JRE from the extracted jar and a JDK
# AOT cache (ready in about 2 s instead of 4.5 s: docs/performance.md). Without a Docker engine
# on the build machines, deploy/image-smoke.sh replays these steps in CI.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
# The commit that /actuator/info reports (git-commit-id plugin); this stage only, not the image.
COPY .git/ .git/
# The formatter runs on Java 17 in development; tests ran in CI before an image is built.
RUN ./mvnw -B -q package -DskipTests -Dspotless.skip=true \
 && java -Djarmode=tools -jar target/sync-bridge-*.jar extract --layers \
      --application-filename sync-bridge.jar --destination /extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 syncbridge \
 && useradd --system --uid 10001 --gid syncbridge --home-dir /app --shell /usr/sbin/nologin syncbridge \
 && mkdir -p /app /data \
 && chown syncbridge:syncbridge /app /data
# /app is the user's own: the training run below writes the AOT cache there.
WORKDIR /app
# One image layer per jar layer, the least likely to change first: a change of the code re-ships
# the application's own jar (under 1 MB) and the AOT cache recorded below (about 130 MB), not the
# dependencies (about 90 MB). Together they are sync-bridge.jar and lib/, run with java -jar.
COPY --from=build --chown=syncbridge:syncbridge /extracted/dependencies/ /app/
COPY --from=build --chown=syncbridge:syncbridge /extracted/spring-boot-loader/ /app/
COPY --from=build --chown=syncbridge:syncbridge /extracted/snapshot-dependencies/ /app/
COPY --from=build --chown=syncbridge:syncbridge /extracted/application/ /app/
USER syncbridge
# The SQLite file lives on a volume; DATABASE_URL (PostgreSQL) makes it unused. Logs are JSON
# lines, for a log collector. The heap follows the container's memory limit.
ENV DB_PATH=/data/sync-bridge.db \
    PORT=8000 \
    LOG_FORMAT=logstash \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Training run on this JRE with these options (an AOT cache only serves the JVM and flags that
# wrote it): starts the context on a throwaway database and exits, recording the classes it
# loaded and linked.
RUN APP_AUTH_TOKEN=training DB_PATH=/tmp/training.db \
    java -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar sync-bridge.jar \
 && rm -f /tmp/training.db*
VOLUME ["/data"]
EXPOSE 8000
# curl is part of the Temurin images; 503 (database not readable or writable) fails the check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/api/v1/healthz" || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "sync-bridge.jar"]
