# Vigil on Debian with GStreamer 1.22 and a Java 21 JDK. Build: docker build -t vigil .
# Run: docker run --network host vigil   (WebRTC needs UDP to the browser; host networking is simplest)
FROM debian:trixie-slim AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-21-jdk-headless maven && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM debian:trixie-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-21-jre-headless gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
        gstreamer1.0-plugins-bad gstreamer1.0-nice gstreamer1.0-libav \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/vigil
COPY --from=build /src/target/vigil.jar vigil.jar
COPY --from=build /src/target/libs libs
COPY pipelines pipelines
COPY models models
ENV MALLOC_ARENA_MAX=2
EXPOSE 8000
CMD ["java", "-Xmx1g", "-jar", "vigil.jar"]
