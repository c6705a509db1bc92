#!/usr/bin/env bash
# Makes the demo server's playable clip: a test pattern with a running clock and a beeping tone,
# H.264 Main + AAC-LC in MP4 (what every Chromium decodes), in two variants, plus HLS segments
# cut from the same encode. The output is committed; run this only to change it (it needs
# ffmpeg, which the project's setup does not install: `apt-get install -y ffmpeg`).
#
#   clip.mp4          video + one audio track (English, 440 Hz beeps)
#   clip-2audio.mp4   the same video + two audio tracks (English 440 Hz, French 660 Hz)
#   hls/eng/, hls/fre/  what a transcode to HLS gives for each audio track: MPEG-TS segments of
#                     6 s (N.ts) and ffmpeg's list of them (index.m3u8, from which the server
#                     builds its playlists); 12 fps, since each tiny frame costs a TS packet
#                     and the two sets must fit the media budget beside the MP4s
#
# 1450 frames at 24 fps: 60.4167 s. Not a round number on purpose: as with real files, the
# length in ticks (604166667) does not survive a round trip through f32, so a few demo items
# can report the float-rounded value real servers sometimes send.
set -euo pipefail
cd "$(dirname "$0")"

FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FRAMES=1450
SECONDS_LONG=60.416667
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(-hide_banner -loglevel error -y -fflags +bitexact)

ffmpeg "${common[@]}" -f lavfi -i "smptehdbars=s=640x360:r=24" \
  -vf "drawtext=fontfile=$FONT:text='Marquee demo  %{pts\:hms}':fontsize=36:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=12:x=(w-tw)/2:y=h*0.64,format=yuv420p" \
  -frames:v "$FRAMES" -c:v libx264 -threads 1 -profile:v main -level 3.0 -preset veryslow -crf 34 \
  -g 48 -keyint_min 48 -sc_threshold 0 -flags:v +bitexact "$work/video.mp4"

tone() { # frequency, output
  ffmpeg "${common[@]}" -f lavfi -i "sine=frequency=$1:beep_factor=2:sample_rate=24000:duration=$SECONDS_LONG" \
    -c:a aac -ac 1 -b:a 16k -flags:a +bitexact "$2"
}
tone 440 "$work/eng.m4a"
tone 660 "$work/fra.m4a"

ffmpeg "${common[@]}" -i "$work/video.mp4" -i "$work/eng.m4a" -map 0:v -map 1:a -c copy \
  -metadata:s:a:0 language=eng -metadata:s:a:0 title=English -movflags +faststart clip.mp4
ffmpeg "${common[@]}" -i "$work/video.mp4" -i "$work/eng.m4a" -i "$work/fra.m4a" \
  -map 0:v -map 1:a -map 2:a -c copy \
  -metadata:s:a:0 language=eng -metadata:s:a:0 title=English \
  -metadata:s:a:1 language=fra -metadata:s:a:1 title="Français" \
  -disposition:a:0 default -disposition:a:1 0 -movflags +faststart clip-2audio.mp4

rm -rf hls && mkdir -p hls/eng hls/fre
ffmpeg "${common[@]}" -i clip.mp4 -vf fps=12 -an -c:v libx264 -threads 1 -profile:v main -level 3.0 \
  -preset veryslow -crf 34 -g 24 -keyint_min 24 -sc_threshold 0 -flags:v +bitexact "$work/video12.mp4"
for lang in eng fra; do
  dir=hls/$lang; [ "$lang" = fra ] && dir=hls/fre
  ffmpeg "${common[@]}" -i "$work/video12.mp4" -i "$work/$lang.m4a" -map 0:v -map 1:a -c copy \
    -f hls -hls_time 6 -hls_playlist_type vod -hls_segment_filename "$dir/%d.ts" "$dir/index.m3u8"
done

ls -l clip.mp4 clip-2audio.mp4 hls/*
du -cb clip.mp4 clip-2audio.mp4 hls/*/* | tail -1
