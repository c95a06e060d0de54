# Vigil for NVIDIA boxes: ONNX Runtime's CUDA (and TensorRT) execution providers through the
# onnxruntime_gpu build (Maven profile "gpu"), and GStreamer's "nvcodec" plugin (nvh264dec,
# nvvp8dec, nvvp9dec, nvav1dec; in gstreamer1.0-plugins-bad, it loads the driver's libnvcuvid).
# ONNX Runtime 1.2x GPU wants CUDA 12 and cuDNN 9, which this base image carries.
#
# Build (from the repository root): docker build -f docker/nvidia.Dockerfile -t vigil-nvidia .
#   TensorRT too (large): docker build -f docker/nvidia.Dockerfile --build-arg TENSORRT=1 -t vigil-nvidia .
# Run (NVIDIA driver and nvidia-container-toolkit on the host):
#   docker run --network host --gpus all -e NVIDIA_DRIVER_CAPABILITIES=compute,video,utility vigil-nvidia
# "video" in the capabilities mounts the decoder libraries (libnvcuvid) nvcodec needs; without it
# the nv*dec elements do not register and decoding stays in software.
# Check: curl -s localhost:8000/api/config   ("execution_provider": "cuda", nv* decoders usable)
#        curl -s localhost:8000/metrics | grep -E 'vigil_inference_provider|vigil_stream_decoder'
FROM maven:3-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -Pgpu dependency:go-offline
COPY src src
RUN mvn -B -q -Pgpu package -DskipTests

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
ARG TENSORRT=0
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-21-jre-headless curl gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
        gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-nice gstreamer1.0-libav \
    && if [ "$TENSORRT" = 1 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libnvinfer10 libnvinfer-plugin10 libnvonnxparsers10; fi \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/vigil
COPY --from=build /src/target/vigil.jar vigil.jar
COPY --from=build /src/target/libs libs
COPY pipelines pipelines
COPY models models
ENV MALLOC_ARENA_MAX=2 \
    NVIDIA_DRIVER_CAPABILITIES=compute,video,utility \
    VIGIL_POSE_EXECUTION_dash_PROVIDERS=tensorrt,cuda,cpu \
    VIGIL_MEDIA_DECODERS=auto
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/health/ready > /dev/null || exit 1
STOPSIGNAL SIGTERM
CMD ["java", "-Xmx1g", "-jar", "vigil.jar"]
