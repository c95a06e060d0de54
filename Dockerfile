# Vigil in a container: GStreamer 1.22 from Debian bookworm and a Java 21+ runtime.
#   podman:  bash tools/build-image.sh        (makes the Debian base with mmdebstrap, no registry needed)
#   docker:  docker buildx build --build-context jdk=/path/to/a/jdk-21-or-newer \
#              --build-context m2=$HOME/.m2/repository -t vigil .   (after mvn package once)
#   run:     docker run --network host vigil  (WebRTC needs UDP to the browser; host networking is simplest)
#
# Debian bookworm ships OpenJDK 17 only and Helidon 4 needs Java 21+, so the JDK comes in as the
# build context "jdk" (any JDK 21+ for linux-x64; tools/build-image.sh passes the host's). It builds
# the jar and, with jlink, a runtime of just the modules Vigil uses; the runtime stage gets that
# runtime, GStreamer and the jar: no JDK, no Maven, no build tools.
ARG DEBIAN_SUITE=bookworm

FROM debian:${DEBIAN_SUITE}-slim AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven \
    && rm -rf /var/lib/apt/lists/*
COPY --from=jdk . /opt/jdk
ENV JAVA_HOME=/opt/jdk PATH=/opt/jdk/bin:$PATH
# Debian's Java trust store (/etc/ssl/certs/java/cacerts, where a Debian-installed JDK's cacerts
# points), written now that a JRE is configured: apt's trigger ran before there was one.
RUN update-ca-certificates -f >/dev/null && test -s /etc/ssl/certs/java/cacerts \
    && { [ -s /opt/jdk/lib/security/cacerts ] || ln -sf /etc/ssl/certs/java/cacerts /opt/jdk/lib/security/cacerts; }
# Maven's repository comes in as the build context "m2", filled beforehand by tools/build-image.sh
# on the host (or your ~/.m2/repository): the build then needs no network for Maven.
COPY --from=m2 . /root/.m2/repository
WORKDIR /src
COPY pom.xml .
COPY src/main src/main
RUN mvn -B -q -o package -DskipTests
# jlink's --strip-debug runs objcopy (binutils), in this stage only.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends binutils \
    && rm -rf /var/lib/apt/lists/*
# The modules the jar and its libraries use (jdeps), plus those reached only by reflection or
# services: jdk.unsupported (JNA, ONNX Runtime), jdk.crypto.ec (TLS), jdk.zipfs, java.naming.
RUN modules="$(jdeps --multi-release 21 --ignore-missing-deps --print-module-deps \
            --class-path 'target/libs/*' target/vigil.jar)" \
    && jlink --add-modules "$modules,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,java.naming" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output /opt/jre

FROM debian:${DEBIAN_SUITE}-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
        gstreamer1.0-plugins-ugly gstreamer1.0-nice gstreamer1.0-libav curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /opt/vigil vigil \
    && mkdir -p /opt/vigil/data && chown vigil:vigil /opt/vigil/data
COPY --from=build /opt/jre /opt/jre
WORKDIR /opt/vigil
COPY --from=build /src/target/vigil.jar vigil.jar
COPY --from=build /src/target/libs libs
COPY pipelines pipelines
COPY models models
ENV PATH=/opt/jre/bin:$PATH MALLOC_ARENA_MAX=2
USER vigil
EXPOSE 8000
# The alert store (SQLite, data/vigil.db): keep it on a volume so alerts outlive the container.
VOLUME /opt/vigil/data
# Ready: GStreamer, the pose model and the alert store work and offers are accepted (README "Health").
# Docker reads this; podman only with --format docker (tools/build-image.sh builds that format).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT:-8000}/health/ready" >/dev/null || exit 1
CMD ["java", "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-jar", "vigil.jar"]
