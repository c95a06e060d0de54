#!/usr/bin/env bash
# Rebuilds the committed test clips in src/test/resources/clips/ (see the README there for sources and licences).
# Needs: gst-launch-1.0 (plugins good/ugly/libav), ges-launch-1.0 (apt-get install ges1.0-tools), ImageMagick
# `convert`, and apt-get to fetch Debian's darknet package for its photo.
# Usage: tools/make_fixture_clips.sh /path/to/assistiot_fall_05_vertical_fall_faint.mp4
set -euo pipefail
fall_source=${1:?usage: $0 /path/to/assistiot_fall_05_vertical_fall_faint.mp4}
out=$(cd "$(dirname "$0")/.." && pwd)/src/test/resources/clips
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# (a) fall.mp4: ASSIST-IoT fall 05 from 1.5 s for 7.5 s (standing, fainting at ~1.5 s, lying), main camera view
#     cropped out of the composite frame (left 852x640 of 1280x720), scaled to 640x480, H.264 baseline 600 kbit/s.
ges-launch-1.0 --track-types=video +clip "$fall_source" inpoint=1.5 duration=7.5 \
    -o "file://$work/trim.mp4" -f "video/quicktime:video/x-h264"
gst-launch-1.0 -q filesrc location="$work/trim.mp4" ! qtdemux ! h264parse ! avdec_h264 \
    ! videocrop right=428 bottom=80 ! videoscale ! video/x-raw,width=640,height=480 ! videoconvert \
    ! x264enc bitrate=600 speed-preset=slow key-int-max=30 tune=zerolatency ! video/x-h264,profile=constrained-baseline \
    ! h264parse ! mp4mux faststart=true ! filesink location="$out/fall.mp4"

# The darknet photo (GPL-3+), from Debian's package.
(cd "$work" && apt-get download darknet >/dev/null && dpkg-deb -x darknet_*.deb pkg)
photo="$work/pkg/usr/share/darknet/data/person.jpg"

# frames NAME SECONDS FPS CONVERT-ARGS...: renders SECONDS*FPS frames of the photo with camera jitter (sub-pixel
# shake of up to 1.5 px), sensor noise and a slight brightness flicker, so the clip is real video, not a still.
frames() {
    local name=$1 seconds=$2 fps=$3; shift 3
    mkdir -p "$work/$name"
    local n=$((seconds * fps)) i
    for ((i = 0; i < n; i++)); do
        local dx dy gain
        dx=$(awk -v s=$i 'BEGIN{srand(s*7+1); printf "%.2f", (rand()-0.5)*3}')
        dy=$(awk -v s=$i 'BEGIN{srand(s*13+5); printf "%.2f", (rand()-0.5)*3}')
        gain=$(awk -v s=$i 'BEGIN{srand(s*17+3); printf "%.1f", 98+rand()*4}')
        convert "$photo" "$@" -virtual-pixel edge -distort SRT "0,0 1 0 $dx,$dy" \
            -modulate "$gain" -attenuate 0.2 +noise Gaussian "$work/$name/$(printf %04d "$i").png"
    done
}
encode() { # NAME FPS OUTPUT
    gst-launch-1.0 -q multifilesrc location="$work/$1/%04d.png" index=0 caps="image/png,framerate=$2/1" ! pngdec \
        ! videoconvert ! video/x-raw,format=I420 ! x264enc bitrate=300 speed-preset=slow key-int-max=30 tune=zerolatency \
        ! video/x-h264,profile=constrained-baseline ! h264parse ! mp4mux faststart=true ! filesink location="$3"
}

# (b) standing.mp4: the woman from person.jpg standing still, 12 s at 15 fps, 640x480 (photo scaled to 725x480,
#     cropped around her).
frames standing 12 15 -resize 725x480 -crop 640x480+40+0 +repage
encode standing 15 "$out/standing.mp4"

# (c) lying.mp4: the same photo turned on its side (she lies horizontally), 14 s at 15 fps, 640x480 (rotated photo
#     scaled to 640 wide, its middle 640x480 cropped out).
frames lying 14 15 -rotate -90 -resize 640x -gravity center -background '#b0a58a' -extent 640x480 +repage
encode lying 15 "$out/lying.mp4"
# (d) running.mp4: the woman cut out of the photo (150 px tall) on a blurred stretch of the photo's empty field, standing
#     1 s at the left, then sliding right at 330 px/s (2.2 body heights a second) until she leaves, 3.2 s at 15 fps,
#     same camera noise.
convert "$photo" -crop 130x300+165+80 +repage -resize x150 "$work/woman.png"
convert "$photo" -crop 120x424+280+0 +repage -resize '640x480!' -blur 0x4 "$work/field.png"
mkdir -p "$work/running"
for ((i = 0; i < 48; i++)); do
    x=$(awk -v i=$i 'BEGIN{t=i/15; x=20+(t>1?(t-1)*330:0); printf "%d", x}')
    gain=$(awk -v s=$i 'BEGIN{srand(s*17+3); printf "%.1f", 98+rand()*4}')
    convert "$work/field.png" "$work/woman.png" -geometry "+$x+260" -composite \
        -modulate "$gain" -attenuate 0.2 +noise Gaussian "$work/running/$(printf %04d "$i").png"
done
encode running 15 "$out/running.mp4"
ls -l "$out"
