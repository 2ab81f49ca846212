"""The figures behind :mod:`studio.core.platforms`, one block per platform, each with its source.

Reading rules used throughout, so the studio errs on the side of a post that publishes:

* "MB" in a platform's docs is read as 10**6 bytes (the smaller reading).
* Where a platform does not say how it counts "characters", we count UTF-16 code units: that is
  never less than code points or graphemes, so text we accept is never refused for length.
* A ``note`` says where an official figure is unclear, contradictory, or not published.

Checked against the linked pages in 2026; ``docs/platform-rules.md`` repeats them as a table.
"""

from __future__ import annotations

import math

from studio.core.platforms import (
    Aspect,
    ImageRule,
    MediaRule,
    Platform,
    TextRule,
    VideoRule,
)

MB = 1_000_000
GB = 1_000_000_000

# Aspects with the output sizes the renderer should produce for them.
PORTRAIT_4_5 = Aspect("4:5", 4, 5, (1080, 1350))
SQUARE = Aspect("1:1", 1, 1, (1080, 1080))
LANDSCAPE_1_91 = Aspect("1.91:1", 191, 100, (1080, 566))
WIDE_16_9 = Aspect("16:9", 16, 9, (1920, 1080))
TALL_9_16 = Aspect("9:16", 9, 16, (1080, 1920))
X_WIDE = Aspect("16:9", 16, 9, (1280, 720))  # X's recommended video/photo sizes
X_TALL = Aspect("9:16", 9, 16, (720, 1280))
X_SQUARE = Aspect("1:1", 1, 1, (720, 720))

# --- X --------------------------------------------------------------------------------------
X_TEXT_SRC = "https://github.com/twitter/twitter-text/blob/master/config/v3.json"
X_COUNT_SRC = "https://docs.x.com/fundamentals/counting-characters"
X_MEDIA_SRC = "https://docs.x.com/x-api/media/quickstart/best-practices"

X = Platform(
    id="x",
    name="X",
    text=TextRule(
        limit=280,
        counting="twitter",
        unit="weighted characters",
        url_length=23,
        note=(
            "twitter-text v3: NFC first; code points below U+1100 and a few punctuation ranges "
            "weigh 1, everything else 2; each URL (bare domains too) weighs 23; an emoji "
            "sequence weighs 2. X Premium accounts may post 25,000: pass max_characters."
        ),
        source=X_TEXT_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=4,
        max_images=4,
        max_videos=1,
        allow_mixed=False,
        requires_media=False,
        alt_text=True,
        alt_max_chars=1000,
        source=X_MEDIA_SRC,
        note=(
            "Up to 4 photos, or 1 animated GIF, or 1 video per post (API). Alt text: 1,000 "
            "characters (X Help Center; not in the API docs)."
        ),
    ),
    image=ImageRule(
        formats=("jpeg", "png", "webp", "gif"),
        max_bytes=5 * MB,
        min_aspect=None,
        max_aspect=None,
        preferred=(Aspect("16:9", 16, 9, (1600, 900)), Aspect("1:1", 1, 1, (1200, 1200))),
        animated_gif=True,
        source=X_MEDIA_SRC,
        note="Animated GIFs may be 15 MB, <= 1280x1080 and <= 350 frames.",
    ),
    video=VideoRule(
        containers=("mp4", "mov"),
        video_codecs=("h264",),
        audio_codecs=("aac",),
        min_duration=0.5,
        max_duration=20 * 60.0,
        max_bytes=8 * GB,
        min_fps=None,
        max_fps=60.0,
        max_width=1280,
        max_height=1280,
        min_aspect=1 / 3,
        max_aspect=3.0,
        preferred=(X_WIDE, X_SQUARE, X_TALL),
        source=X_MEDIA_SRC,
        note=(
            "Default accounts: 0.5 s-20 min and 8 GB per post video (Premium: 125 min, 16 GB; "
            "DM video stays 140 s). The docs say dimensions 32x32-1280x1024 yet recommend "
            "720x1280 portrait; we cap the long side at 1280. H.264 High, yuv420p, AAC-LC, "
            "square pixels, progressive, no open GOP."
        ),
    ),
    sources=(X_TEXT_SRC, X_COUNT_SRC, X_MEDIA_SRC),
    handle=(r"@\w{1,15}", "@ and up to 15 letters, digits or _ (e.g. @maridia_culture)"),
)

# --- Bluesky --------------------------------------------------------------------------------
BSKY_POST_SRC = (
    "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json"
)
BSKY_IMG_SRC = (
    "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/images.json"
)
BSKY_VID_SRC = (
    "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/video.json"
)
BSKY_APP_SRC = "https://github.com/bluesky-social/social-app/blob/main/src/lib/constants.ts"

BLUESKY = Platform(
    id="bluesky",
    name="Bluesky",
    text=TextRule(
        limit=300,
        counting="bluesky",
        unit="graphemes",
        byte_limit=3000,
        note=(
            "app.bsky.feed.post text: maxGraphemes 300 and maxLength 3000 (UTF-8 bytes); both "
            "apply. URLs count as typed (the official app shortens their display text)."
        ),
        source=BSKY_POST_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=4,
        max_images=4,
        max_videos=1,
        allow_mixed=False,
        requires_media=False,
        alt_text=True,
        alt_max_chars=2000,
        source=BSKY_IMG_SRC,
        note=(
            "A post has one embed: up to 4 images or 1 video. Image alt text: 2000 in the "
            "official app (MAX_ALT_TEXT); video alt text: 1000 graphemes in the lexicon."
        ),
    ),
    image=ImageRule(
        formats=("jpeg", "png", "webp", "gif"),
        max_bytes=1_000_000,
        min_aspect=None,
        max_aspect=None,
        preferred=(
            Aspect("4:5", 4, 5, (1600, 2000)),
            Aspect("1:1", 1, 1, (2000, 2000)),
            Aspect("16:9", 16, 9, (2000, 1125)),
        ),
        source=BSKY_IMG_SRC,
        note=(
            "Blob maxSize 1,000,000 bytes, any image/* type; older lexicons also capped "
            "2000x2000. Animated GIFs are posted as video."
        ),
    ),
    video=VideoRule(
        containers=("mp4",),
        video_codecs=("h264",),
        audio_codecs=("aac",),
        min_duration=0.0,
        max_duration=180.0,
        max_bytes=100 * MB,
        min_fps=None,
        max_fps=None,
        max_width=None,
        max_height=None,
        min_aspect=None,
        max_aspect=None,
        preferred=(WIDE_16_9, TALL_9_16, SQUARE),
        source=BSKY_VID_SRC,
        note=(
            "Lexicon: video/mp4, maxSize 100,000,000 (was 50 MB). Length 3 min since app 1.99 "
            "(March 2025). Upload quota 25 videos or 10 GB per day."
        ),
    ),
    sources=(BSKY_POST_SRC, BSKY_IMG_SRC, BSKY_VID_SRC, BSKY_APP_SRC),
    handle=(r"@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", "@ and a domain (e.g. @culture.bsky.social)"),
)

# --- Mastodon -------------------------------------------------------------------------------
MASTO_POST_SRC = "https://docs.joinmastodon.org/user/posting/"
MASTO_INSTANCE_SRC = "https://docs.joinmastodon.org/entities/Instance/#statuses"
MASTO_LENGTH_SRC = (
    "https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb"
)
MASTO_MEDIA_SRC = "https://github.com/mastodon/mastodon/blob/main/app/models/media_attachment.rb"

MASTODON = Platform(
    id="mastodon",
    name="Mastodon",
    text=TextRule(
        limit=500,
        counting="mastodon",
        unit="characters",
        url_length=23,
        note=(
            "Per server: configuration.statuses.max_characters and characters_reserved_per_url "
            "(defaults 500 and 23). The server counts grapheme clusters after replacing each "
            "http(s) URL by that many characters and each @user@domain by @user. A content "
            "warning counts too."
        ),
        source=MASTO_LENGTH_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=4,
        max_images=4,
        max_videos=1,
        allow_mixed=False,
        requires_media=False,
        alt_text=True,
        alt_max_chars=1500,
        source=MASTO_POST_SRC,
        note="Up to 4 images, or 1 video / GIF / audio; per server: max_media_attachments.",
    ),
    image=ImageRule(
        formats=("jpeg", "png", "gif", "webp", "heif", "avif"),
        max_bytes=16 * MB,
        min_aspect=None,
        max_aspect=None,
        preferred=(WIDE_16_9, SQUARE, PORTRAIT_4_5),
        max_pixels=8_294_400,
        animated_gif=True,
        source=MASTO_POST_SRC,
        note=(
            "Larger images are downscaled to 8.3 MP (3840x2160), not refused. Animated GIFs "
            "(16 MB, < 1 MP) become silent MP4. Thumbnails crop to 16:9 around the focal point."
        ),
    ),
    video=VideoRule(
        containers=("mp4", "m4v", "mov", "webm"),
        video_codecs=("h264", "hevc", "vp9", "vp8", "av1"),
        audio_codecs=("aac", "opus", "vorbis", "mp3"),
        min_duration=0.0,
        max_duration=math.inf,
        max_bytes=99 * MB,
        min_fps=None,
        max_fps=120.0,
        max_width=None,
        max_height=None,
        min_aspect=None,
        max_aspect=None,
        preferred=(WIDE_16_9, TALL_9_16, SQUARE),
        source=MASTO_POST_SRC,
        note=(
            "No documented duration limit; the 99 MB cap binds. At most 8,294,400 pixels "
            "(3840x2160) per frame. Re-encoded to H.264 at <= 1300 kbps unless already "
            "H.264/AAC yuv420p MP4."
        ),
    ),
    sources=(MASTO_POST_SRC, MASTO_INSTANCE_SRC, MASTO_LENGTH_SRC, MASTO_MEDIA_SRC),
    handle=(
        r"@\w+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+",
        "@user@server (e.g. @culture@mastodon.social)",
    ),
)

# --- Threads --------------------------------------------------------------------------------
THREADS_POSTS_SRC = "https://developers.facebook.com/docs/threads/posts"
THREADS_OVERVIEW_SRC = "https://developers.facebook.com/docs/threads/overview"
THREADS_LINKS_SRC = (
    "https://developers.facebook.com/documentation/threads/create-posts/text-attachments"
)

THREADS = Platform(
    id="threads",
    name="Threads",
    text=TextRule(
        limit=500,
        counting="threads",
        unit="characters",
        max_links=5,
        note=(
            "Meta: 'Text posts are limited to 500 characters. Emojis are counted as the number "
            "of UTF-8 bytes' (so one emoji costs 4 or more). At most 5 distinct links since "
            "22 Dec 2025. Only the first hashtag becomes the post's topic tag."
        ),
        source=THREADS_POSTS_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=20,
        max_images=20,
        max_videos=20,
        allow_mixed=True,
        requires_media=False,
        alt_text=True,
        alt_max_chars=1000,
        source=THREADS_POSTS_SRC,
        note="Carousels of 2-20 images and/or videos (was 10 before 2025).",
    ),
    image=ImageRule(
        formats=("jpeg", "png"),
        max_bytes=8 * MB,
        min_aspect=0.1,
        max_aspect=10.0,
        preferred=(PORTRAIT_4_5, SQUARE, WIDE_16_9),
        source=THREADS_POSTS_SRC,
        note="Width 320-1440 px (rescaled otherwise); sRGB; aspect ratio limit 10:1.",
    ),
    video=VideoRule(
        containers=("mp4", "mov"),
        video_codecs=("h264", "hevc"),
        audio_codecs=("aac",),
        min_duration=0.0,
        max_duration=300.0,
        max_bytes=1 * GB,
        min_fps=23.0,
        max_fps=60.0,
        max_width=1920,
        max_height=None,
        min_aspect=0.01,
        max_aspect=10.0,
        preferred=(TALL_9_16, PORTRAIT_4_5, SQUARE),
        max_bitrate_kbps=25_000,
        source=THREADS_POSTS_SRC,
        note=(
            "No edit lists, moov atom first, closed GOP, 4:2:0; AAC <= 48 kHz mono/stereo. "
            "9:16 recommended to avoid cropping. VBR at most 25 Mbps as schedulers report it."
        ),
        # Threads' video spec lists an AAC audio stream (same generic failure as Instagram).
        audio_required="video spec lists an AAC audio stream",
    ),
    sources=(THREADS_POSTS_SRC, THREADS_OVERVIEW_SRC, THREADS_LINKS_SRC),
    handle=(r"@[A-Za-z0-9._]{1,30}", "@ and up to 30 letters, digits, . or _"),
)

# --- Instagram ------------------------------------------------------------------------------
IG_MEDIA_SRC = (
    "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/"
    "ig-user/media"
)
IG_PUBLISH_SRC = "https://developers.facebook.com/docs/instagram-platform/content-publishing"

INSTAGRAM = Platform(
    id="instagram",
    name="Instagram",
    text=TextRule(
        limit=2200,
        counting="utf16",
        unit="characters",
        max_hashtags=30,
        note=(
            "Caption: 2,200 characters, 30 hashtags, 20 @-tags. The unit is not documented; "
            "we count UTF-16 units (an emoji counts 2), which never undercounts."
        ),
        source=IG_MEDIA_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=10,
        max_images=10,
        max_videos=10,
        allow_mixed=True,
        requires_media=True,
        alt_text=True,
        alt_max_chars=None,
        source=IG_PUBLISH_SRC,
        note="API carousels hold 10 images/videos (the app allows 20). No text-only posts. "
        "Carousel items are all cropped to the first item's aspect ratio (Graph API "
        "content publishing guide: 'all images are cropped based on the first image').",
        uniform_aspect=True,
    ),
    image=ImageRule(
        formats=("jpeg",),
        max_bytes=8 * MB,
        min_aspect=4 / 5,
        max_aspect=1.91,
        preferred=(PORTRAIT_4_5, SQUARE, LANDSCAPE_1_91),
        source=IG_MEDIA_SRC,
        note="The API takes JPEG only; width 320-1440 px; sRGB.",
    ),
    video=VideoRule(
        containers=("mp4", "mov"),
        video_codecs=("h264", "hevc"),
        audio_codecs=("aac",),
        min_duration=3.0,
        max_duration=15 * 60.0,
        max_bytes=300 * MB,
        min_fps=23.0,
        max_fps=60.0,
        max_width=1920,
        max_height=None,
        min_aspect=0.01,
        max_aspect=10.0,
        preferred=(TALL_9_16, PORTRAIT_4_5, SQUARE),
        max_bitrate_kbps=25_000,
        source=IG_MEDIA_SRC,
        note=(
            "Reels: 3 s-15 min, 300 MB (some newer pages say 1 GB), 9:16 recommended. Videos "
            "inside a carousel: 3-60 s. No edit lists, moov atom first, closed GOP, 4:2:0."
        ),
        # Meta's Reels spec lists the audio stream (AAC, <= 48 kHz, mono or stereo); a file that
        # differs fails with the generic error 2207026 "unsupported format". Play safe.
        audio_required="Reels spec lists an AAC audio stream",
    ),
    sources=(IG_MEDIA_SRC, IG_PUBLISH_SRC),
    handle=(r"@[A-Za-z0-9._]{1,30}", "@ and up to 30 letters, digits, . or _"),
)

# --- Facebook -------------------------------------------------------------------------------
FB_PHOTO_SRC = "https://developers.facebook.com/docs/graph-api/reference/page/photos/"
FB_VIDEO_SRC = "https://developers.facebook.com/docs/video-api/guides/publishing"
FB_FEED_SRC = "https://developers.facebook.com/docs/graph-api/reference/page/feed/"

FACEBOOK = Platform(
    id="facebook",
    name="Facebook",
    text=TextRule(
        limit=63_206,
        counting="utf16",
        unit="characters",
        note=(
            "63,206 is the widely reported Page post limit; the Graph API does not document "
            "one. Counted in UTF-16 units."
        ),
        source=FB_FEED_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=10,
        max_images=10,
        max_videos=1,
        allow_mixed=False,
        requires_media=False,
        alt_text=True,
        alt_max_chars=None,
        source=FB_FEED_SRC,
        note=(
            "Multi-photo posts attach unpublished photos (attached_media); no documented cap, "
            "we keep 10 for a readable grid. A video is a post of its own."
        ),
    ),
    image=ImageRule(
        formats=("jpeg", "png", "gif"),
        max_bytes=4 * MB,
        min_aspect=None,
        max_aspect=None,
        preferred=(PORTRAIT_4_5, SQUARE, Aspect("1.91:1", 191, 100, (1200, 630))),
        source=FB_PHOTO_SRC,
        note="Photos under 4 MB (PNG ideally under 1 MB); BMP and TIFF also accepted.",
    ),
    video=VideoRule(
        containers=("mp4", "mov"),
        video_codecs=("h264", "hevc"),
        audio_codecs=("aac",),
        min_duration=1.0,
        max_duration=240 * 60.0,
        max_bytes=10 * GB,
        min_fps=None,
        max_fps=60.0,
        max_width=None,
        max_height=None,
        min_aspect=None,
        max_aspect=None,
        preferred=(WIDE_16_9, PORTRAIT_4_5, SQUARE),
        source=FB_VIDEO_SRC,
        note="Page videos up to 240 min and 10 GB (resumable upload); Reels are 3-90 s, 9:16.",
    ),
    sources=(FB_FEED_SRC, FB_PHOTO_SRC, FB_VIDEO_SRC),
)

# --- LinkedIn -------------------------------------------------------------------------------
LI_POSTS_SRC = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api"
)
LI_IMAGES_SRC = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api"
)
LI_VIDEOS_SRC = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api"
)
LI_MULTI_SRC = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/"
    "multiimage-post-api"
)

LINKEDIN = Platform(
    id="linkedin",
    name="LinkedIn",
    text=TextRule(
        limit=3000,
        counting="utf16",
        unit="characters",
        note="Post commentary: 3,000 characters; the unit is not documented (UTF-16 units).",
        source=LI_POSTS_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=20,
        max_images=20,
        max_videos=1,
        allow_mixed=False,
        requires_media=False,
        alt_text=True,
        alt_max_chars=4086,
        source=LI_MULTI_SRC,
        note="Multi-image posts take 2-20 images; a video post has one video.",
    ),
    image=ImageRule(
        formats=("jpeg", "png", "gif"),
        max_bytes=5 * MB,
        min_aspect=None,
        max_aspect=None,
        preferred=(Aspect("1.91:1", 191, 100, (1200, 627)), SQUARE, PORTRAIT_4_5),
        max_pixels=36_152_320,
        animated_gif=True,
        source=LI_IMAGES_SRC,
        note=(
            "Images API: under 36,152,320 pixels, GIF up to 250 frames. No byte limit is "
            "documented; 5 MB is the figure schedulers report."
        ),
    ),
    video=VideoRule(
        containers=("mp4",),
        video_codecs=("h264",),
        audio_codecs=("aac",),
        min_duration=3.0,
        max_duration=30 * 60.0,
        max_bytes=500 * MB,
        min_fps=10.0,
        max_fps=60.0,
        max_width=4096,
        max_height=2304,
        min_aspect=1 / 2.4,
        max_aspect=2.4,
        preferred=(WIDE_16_9, SQUARE, PORTRAIT_4_5),
        max_bitrate_kbps=30_000,
        source=LI_VIDEOS_SRC,
        note="75 KB-500 MB, 3 s-30 min, 256x144 to 4096x2304, 192 kbps-30 Mbps.",
    ),
    sources=(LI_POSTS_SRC, LI_IMAGES_SRC, LI_VIDEOS_SRC, LI_MULTI_SRC),
)

# --- YouTube --------------------------------------------------------------------------------
YT_VIDEOS_SRC = "https://developers.google.com/youtube/v3/docs/videos#snippet"
YT_UPLOAD_SRC = "https://support.google.com/youtube/answer/4603579"
YT_SETTINGS_SRC = "https://support.google.com/youtube/answer/1722171"
YT_HASHTAG_SRC = "https://support.google.com/youtube/answer/6390658"

YOUTUBE = Platform(
    id="youtube",
    name="YouTube",
    text=TextRule(
        limit=5000,
        counting="bytes",
        unit="bytes",
        max_hashtags=60,
        forbidden_chars="<>",
        note=(
            "Description: at most 5000 bytes of UTF-8 and no '<' or '>' (Data API). With more "
            "than 60 hashtags YouTube ignores all of them."
        ),
        source=YT_VIDEOS_SRC,
    ),
    title=TextRule(
        limit=100,
        counting="codepoints",
        unit="characters",
        forbidden_chars="<>",
        note="Title: at most 100 characters, no '<' or '>' (Data API), and not empty.",
        source=YT_VIDEOS_SRC,
    ),
    media=MediaRule(
        max_items=1,
        max_images=0,
        max_videos=1,
        allow_mixed=False,
        requires_media=True,
        alt_text=False,
        alt_max_chars=None,
        source=YT_VIDEOS_SRC,
        note="One video per upload.",
    ),
    image=None,
    video=VideoRule(
        containers=("mp4", "mov", "webm", "mkv", "avi", "wmv", "flv", "3gp", "mpeg"),
        video_codecs=("h264", "hevc", "vp9", "av1", "mpeg4", "prores"),
        audio_codecs=("aac", "opus", "mp3", "vorbis", "pcm"),
        min_duration=1.0,
        max_duration=12 * 3600.0,
        max_bytes=256 * GB,
        min_fps=None,
        max_fps=None,
        max_width=None,
        max_height=None,
        min_aspect=None,
        max_aspect=None,
        preferred=(WIDE_16_9, TALL_9_16, SQUARE),
        source=YT_UPLOAD_SRC,
        note=(
            "12 h or 256 GB; unverified channels 15 min. Recommended: MP4, H.264 High, AAC-LC, "
            "16:9, progressive. Shorts are square or vertical and up to 3 min."
        ),
    ),
    sources=(YT_VIDEOS_SRC, YT_UPLOAD_SRC, YT_SETTINGS_SRC, YT_HASHTAG_SRC),
    handle=(r"@[A-Za-z0-9._-]{3,30}", "@ and 3-30 letters, digits, ., - or _"),
)

# --- TikTok ---------------------------------------------------------------------------------
TT_POST_SRC = "https://developers.tiktok.com/doc/content-posting-api-reference-direct-post"
TT_PHOTO_SRC = "https://developers.tiktok.com/doc/content-posting-api-reference-photo-post"
TT_MEDIA_SRC = "https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide"

TIKTOK = Platform(
    id="tiktok",
    name="TikTok",
    text=TextRule(
        limit=2200,
        counting="utf16",
        unit="characters",
        note=(
            "Video caption: 'max 2200 UTF-16 runes' (Content Posting API). Photo posts: title "
            "90 and description 4000 UTF-16 runes."
        ),
        source=TT_POST_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=35,
        max_images=35,
        max_videos=1,
        allow_mixed=False,
        requires_media=True,
        alt_text=False,
        alt_max_chars=None,
        source=TT_PHOTO_SRC,
        note="A video post, or a photo post of up to 35 images; never both.",
    ),
    image=ImageRule(
        formats=("jpeg", "webp"),
        max_bytes=20 * MB,
        min_aspect=None,
        max_aspect=None,
        preferred=(TALL_9_16, SQUARE),
        max_pixels=1080 * 1920,
        source=TT_MEDIA_SRC,
        note="JPEG or WebP only (no PNG), at most 1080p.",
    ),
    video=VideoRule(
        containers=("mp4", "webm", "mov"),
        video_codecs=("h264", "hevc", "vp8", "vp9"),
        audio_codecs=("aac", "mp3", "opus"),
        min_duration=3.0,
        max_duration=600.0,
        max_bytes=4 * GB,
        min_fps=23.0,
        max_fps=60.0,
        max_width=4096,
        max_height=4096,
        min_aspect=None,
        max_aspect=None,
        preferred=(TALL_9_16, SQUARE, WIDE_16_9),
        source=TT_MEDIA_SRC,
        note=(
            "Sides 360-4096 px. The real maximum duration is per creator "
            "(creator_info.max_video_post_duration_sec, 10 min at most); the 3 s minimum is "
            "the app's, not stated by the API."
        ),
    ),
    sources=(TT_POST_SRC, TT_PHOTO_SRC, TT_MEDIA_SRC),
    handle=(r"@[A-Za-z0-9._]{2,24}", "@ and 2-24 letters, digits, . or _"),
)

# --- Telegram -------------------------------------------------------------------------------
TG_API_SRC = "https://core.telegram.org/bots/api#sendphoto"
TG_VIDEO_SRC = "https://core.telegram.org/bots/api#sendvideo"
TG_ENTITIES_SRC = "https://core.telegram.org/api/entities#entity-length"
_TG_UNIT_NOTE = (
    "The Bot API says '0-1024 characters after entities parsing' for captions and 1-4096 for "
    "messages; entity offsets are UTF-16 units. We count UTF-16 units: never fewer than the "
    "code points some reports say the server counts, so nothing we accept is refused."
)

TELEGRAM = Platform(
    id="telegram",
    name="Telegram",
    text=TextRule(
        limit=1024,
        counting="utf16",
        unit="characters",
        note="Media caption. " + _TG_UNIT_NOTE,
        source=TG_API_SRC,
    ),
    title=None,
    media=MediaRule(
        max_items=10,
        max_images=10,
        max_videos=10,
        allow_mixed=True,
        requires_media=False,
        alt_text=False,
        alt_max_chars=None,
        source="https://core.telegram.org/bots/api#sendmediagroup",
        note="A media group holds 2-10 photos and videos.",
    ),
    image=ImageRule(
        formats=("jpeg", "png", "webp"),
        max_bytes=10 * MB,
        min_aspect=1 / 20,
        max_aspect=20.0,
        preferred=(SQUARE, PORTRAIT_4_5, WIDE_16_9),
        source=TG_API_SRC,
        note="At most 10 MB; width + height <= 10000; ratio at most 20.",
    ),
    video=VideoRule(
        containers=("mp4",),
        video_codecs=("h264",),
        audio_codecs=("aac",),
        min_duration=0.0,
        max_duration=math.inf,
        max_bytes=50 * MB,
        min_fps=None,
        max_fps=None,
        max_width=None,
        max_height=None,
        min_aspect=None,
        max_aspect=None,
        preferred=(WIDE_16_9, TALL_9_16, SQUARE),
        source=TG_VIDEO_SRC,
        note="Bots upload videos up to 50 MB (2000 MB with a local Bot API server); MPEG-4.",
        # Telegram shows an MP4 without audio as a looping, muted "GIF" animation, not a video
        # (observed by users, e.g. github.com/ShareX/ShareX/issues/7505).
        audio_required="shown as a GIF animation without an audio track",
    ),
    sources=(TG_API_SRC, TG_VIDEO_SRC, TG_ENTITIES_SRC),
    message=TextRule(
        limit=4096,
        counting="utf16",
        unit="characters",
        note="Text-only message. " + _TG_UNIT_NOTE,
        source="https://core.telegram.org/bots/api#sendmessage",
    ),
    handle=(r"@[A-Za-z0-9_]{5,32}", "@ and 5-32 letters, digits or _"),
)

PLATFORMS: tuple[Platform, ...] = (
    X,
    BLUESKY,
    MASTODON,
    THREADS,
    INSTAGRAM,
    FACEBOOK,
    LINKEDIN,
    YOUTUBE,
    TIKTOK,
    TELEGRAM,
)
