# Vigil for boxes with a VA-API GPU (Intel iGPU/Arc, AMD): GStreamer's "va" plugin (vah264dec,
# vavp8dec, vavp9dec, vaav1dec; in gstreamer1.0-plugins-bad) and the Mesa/Intel VA drivers. Inference
# stays on the CPU (or OpenVINO with an OpenVINO build of ONNX Runtime; not in this image).
#
# Build (from the repository root): docker build -f docker/vaapi.Dockerfile -t vigil-vaapi .
# Run:  docker run --network host --device /dev/dri \
#           --group-add "$(stat -c %g /dev/dri/renderD128)" vigil-vaapi
# Check: docker exec <container> vainfo --display drm   (lists the profiles the driver decodes)
#        curl -s localhost:8000/api/config              ("decoders": va* ones usable, hardware true)
# vigil.media.decoders=auto (default) uses a va decoder only if it decoded frames in the start-up
# probe; VIGIL_MEDIA_DECODERS=vah264dec,vavp8dec,avdec_h264,vp8dec forces the order.
FROM debian:trixie-slim AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-21-jdk-headless maven && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM debian:trixie-slim
# intel-media-va-driver: Intel Broadwell and newer (iHD); i965-va-driver: older Intel;
# mesa-va-drivers: AMD (radeonsi) and others Mesa drives. x264enc/vp8enc (ugly/good) serve the probe.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-21-jre-headless curl gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
        gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-nice gstreamer1.0-libav \
        intel-media-va-driver i965-va-driver mesa-va-drivers libva-drm2 vainfo \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/vigil
COPY --from=build /src/target/vigil.jar vigil.jar
COPY --from=build /src/target/libs libs
COPY pipelines pipelines
COPY models models
ENV MALLOC_ARENA_MAX=2 \
    VIGIL_MEDIA_DECODERS=auto
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/health/ready > /dev/null || exit 1
# docker stop sends SIGTERM: every stream is closed (server_shutdown) within vigil.shutdown-timeout
# (10 s); give docker more than that before it kills: docker run --stop-timeout 20 ...
STOPSIGNAL SIGTERM
CMD ["java", "-Xmx1g", "-jar", "vigil.jar"]
