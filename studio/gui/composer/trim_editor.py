"""In and out points of a video, with a player to find them and the platforms' length limits.

The trim logic (positions, in/out, the fit per platform) does not depend on playback: the
position can be set programmatically and the spin boxes are the source of truth, so tests and
machines without a multimedia backend get the same editor. The player is created lazily and
guarded: without QtMultimedia or a backend the editor says so and stays usable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.core.media_rules import duration_finding
from studio.core.model import MediaItem, PostMedia
from studio.core.platforms import get_platform

STEP = 0.1  # seconds; the spin boxes' precision
VIEW_W, VIEW_H = 192, 108


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


class TrimEditor(QWidget):
    """Signals
    -------
    sig_trim(object)
        The user set new in/out points: a (in, out) tuple in seconds, or None for no trim.
    """

    sig_trim = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("TrimEditor")
        self.duration = 0.0
        self.position = 0.0
        self.platforms: list[str] = []
        self.player = None
        self._source: Path | None = None

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.video_box = QVBoxLayout()
        # frames painted from a QVideoSink rather than a QVideoWidget: the poster shows before
        # playback, and the picture is part of the widget (screenshots, no native surface)
        self.screen = QLabel()
        self.screen.setObjectName("TrimScreen")
        self.screen.setFixedSize(VIEW_W, VIEW_H)
        self.screen.setAlignment(Qt.AlignCenter)
        self.screen.setStyleSheet("background: #202124;")
        self.video_box.addWidget(self.screen)
        self.player_message = QLabel()
        self.player_message.setObjectName("PlayerMessage")
        self.player_message.setWordWrap(True)
        self.player_message.setFixedWidth(VIEW_W)
        self.player_message.setVisible(False)
        self.video_box.addWidget(self.player_message)
        self.video_box.addStretch(1)
        layout.addLayout(self.video_box)

        side = QVBoxLayout()
        controls = QHBoxLayout()
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setObjectName("PlayPause")
        self.play_button.clicked.connect(self.toggle_play)
        controls.addWidget(self.play_button)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setObjectName("TrimPosition")
        self.slider.sliderMoved.connect(lambda ms: self.set_position(ms / 1000.0))
        controls.addWidget(self.slider, 1)
        self.position_label = QLabel()
        controls.addWidget(self.position_label)
        side.addLayout(controls)

        points = QHBoxLayout()
        self.set_in_button = QPushButton(self.tr("Set in"))
        self.set_in_button.setToolTip(self.tr("Start the published video at the playhead"))
        self.set_in_button.clicked.connect(self.set_in_here)
        self.set_out_button = QPushButton(self.tr("Set out"))
        self.set_out_button.setToolTip(self.tr("End the published video at the playhead"))
        self.set_out_button.clicked.connect(self.set_out_here)
        self.in_box, self.out_box = QDoubleSpinBox(), QDoubleSpinBox()
        for box, name in ((self.in_box, "TrimIn"), (self.out_box, "TrimOut")):
            box.setObjectName(name)
            box.setDecimals(1)
            box.setSingleStep(STEP)
            box.setSuffix(" s")
            box.valueChanged.connect(self._boxes_changed)
        self.in_box.setToolTip(self.tr("In point"))
        self.out_box.setToolTip(self.tr("Out point"))
        self.clear_button = QPushButton(self.tr("Whole video"))
        self.clear_button.setToolTip(self.tr("Remove the trim and publish the whole video"))
        self.clear_button.clicked.connect(lambda: self.sig_trim.emit(None))
        for widget in (self.set_in_button, self.in_box, self.out_box, self.set_out_button):
            points.addWidget(widget)
        points.addStretch(1)
        side.addLayout(points)
        summary = QHBoxLayout()
        self.length_label = QLabel()
        self.length_label.setObjectName("TrimLength")
        summary.addWidget(self.length_label, 1)
        summary.addWidget(self.clear_button)
        side.addLayout(summary)
        self.fit_label = QLabel()
        self.fit_label.setObjectName("TrimFit")
        self.fit_label.setWordWrap(True)
        self.fit_label.setTextFormat(Qt.RichText)
        side.addWidget(self.fit_label)
        side.addStretch(1)
        layout.addLayout(side, 1)

    # -- loading ------------------------------------------------------------------------
    def show_item(
        self, item: MediaItem, pm: PostMedia, platforms: list[str], path: Path, poster: QPixmap
    ) -> None:
        self.duration = float(item.duration or 0.0)
        self.platforms = list(platforms)
        t_in, t_out = pm.trim if pm.trim else (0.0, self.duration)
        for box in (self.in_box, self.out_box):
            blocked = box.blockSignals(True)
            box.setRange(0.0, max(self.duration, STEP))
            box.blockSignals(blocked)
        self._set_boxes(t_in, t_out)
        self.slider.setRange(0, int(self.duration * 1000))
        self._show_fit()
        if path != self._source:
            self._source = path
            self._show_picture(poster)
            self.set_position(t_in)
            self._load_player(path)

    def _set_boxes(self, t_in: float, t_out: float) -> None:
        for box, value in ((self.in_box, t_in), (self.out_box, t_out)):
            blocked = box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(blocked)

    # -- the player (optional) ----------------------------------------------------------
    def _load_player(self, path: Path) -> None:
        if self.player is None and not self._create_player():
            return
        self.player.stop()
        self.player.setSource(QUrl.fromLocalFile(str(path)))

    def _create_player(self) -> bool:
        """A player if QtMultimedia and a backend exist; else a message that says what to do."""
        try:
            from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
        except ImportError as exc:
            return self._no_player(str(exc))
        player = QMediaPlayer(self)
        if not player.isAvailable():
            player.deleteLater()
            return self._no_player(self.tr("no multimedia backend"))
        sink = QVideoSink(self)
        sink.videoFrameChanged.connect(self._frame)
        player.setVideoOutput(sink)
        player.positionChanged.connect(self._player_moved)
        player.playbackStateChanged.connect(self._playback_changed)
        player.errorOccurred.connect(lambda _e, text: self._no_player(text))
        self.player = player
        return True

    def _no_player(self, reason: str) -> bool:
        self.player_message.setText(
            self.tr(
                "The video player is unavailable ({reason}). In and out points still work: "
                "type them or use the slider. Installing the system's PulseAudio library "
                "(libpulse0) usually fixes this."
            ).format(reason=reason)
        )
        self.player_message.setVisible(True)
        self.play_button.setEnabled(False)
        return False

    def _frame(self, frame) -> None:
        image = frame.toImage()
        if not image.isNull():
            self._show_picture(QPixmap.fromImage(image))

    def _show_picture(self, pixmap: QPixmap) -> None:
        if not pixmap.isNull():
            self.screen.setPixmap(
                pixmap.scaled(VIEW_W, VIEW_H, Qt.KeepAspectRatio, Qt.SmoothTransformation)
            )

    def toggle_play(self) -> None:
        if self.player is None:
            return
        from PySide6.QtMultimedia import QMediaPlayer

        if self.player.playbackState() == QMediaPlayer.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def _playback_changed(self, state) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        playing = state == QMediaPlayer.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _player_moved(self, ms: int) -> None:
        self.position = ms / 1000.0
        self._show_position()

    # -- positions and points -----------------------------------------------------------
    def set_position(self, seconds: float) -> None:
        """Move the playhead (the slider, and the player when there is one)."""
        self.position = min(max(seconds, 0.0), self.duration)
        if self.player is not None:
            self.player.setPosition(int(self.position * 1000))
        self._show_position()

    def _show_position(self) -> None:
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(int(self.position * 1000))
        self.slider.blockSignals(blocked)
        self.position_label.setText(_seconds(self.position))

    def trim(self) -> tuple[float, float]:
        return round(self.in_box.value(), 1), round(self.out_box.value(), 1)

    def set_in_here(self) -> None:
        self._propose(round(self.position, 1), self.trim()[1])

    def set_out_here(self) -> None:
        self._propose(self.trim()[0], round(self.position, 1))

    def _boxes_changed(self) -> None:
        self._propose(*self.trim())

    def _propose(self, t_in: float, t_out: float) -> None:
        if t_out <= t_in:
            self.length_label.setText(self.tr("The out point must be after the in point."))
            return
        self.sig_trim.emit((t_in, t_out))

    def _show_fit(self) -> None:
        t_in, t_out = self.trim()
        length = t_out - t_in
        self.length_label.setText(
            self.tr("Trimmed length: {length} of {total}").format(
                length=_seconds(length), total=_seconds(self.duration)
            )
        )
        lines = []
        for pid in self.platforms:
            platform = get_platform(pid)
            if platform.video is None:
                continue
            finding = duration_finding(platform, "trim", length, trimmed=True)
            if finding is None:
                lines.append("✓\u00a0" + self.tr("{platform}: fits").format(platform=platform.name))
            elif finding.code == "video.too_long":
                text = self.tr("{platform}: too long (up to {limit})")
                lines.append(
                    "✗\u00a0" + text.format(platform=platform.name, limit=_seconds(finding.limit))
                )
            else:
                text = self.tr("{platform}: too short (at least {limit})")
                lines.append(
                    "✗\u00a0" + text.format(platform=platform.name, limit=_seconds(finding.limit))
                )
        self.fit_label.setText(" &nbsp; ".join(lines))
        self.fit_lines = lines

    def shutdown(self) -> None:
        if self.player is not None:
            self.player.stop()
