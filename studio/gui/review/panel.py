"""The Review screen: where the composer's post stands, and the decisions that move it.

Every button calls ``ws.workflow`` (or ``studio.review`` for packs, briefs and imported
decisions) on a background lane; the screen only shows what ``workflow.status()`` returns, so
it says exactly what the CLI's ``studio status`` says. An approval signs the content hash the
approver was shown (``expected_hash``): if the post changed meanwhile, nothing is signed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.errors import StudioError
from studio.core.workspace import Workspace
from studio.gui import ops
from studio.gui.banner import Banner
from studio.gui.composer.states import badge_sheet, state_label
from studio.gui.i18n import align_start, isolate
from studio.gui.review.history import HistoryTree

SUBMITTABLE = ("draft", "changes_requested")
REVIEWABLE = ("in_review",)


class ReviewPanel(QWidget):
    """Signals
    -------
    sig_published(int)
        The post was queued for publishing (the window shows the Outbox).
    """

    sig_published = Signal(int)

    def __init__(self, ws: Workspace, composer, parent=None):
        super().__init__(parent)
        self.ws, self.composer = ws, composer
        self.status: dict | None = None
        self._dirty = True
        self._reading = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Review"))
        heading.setObjectName("PanelTitle")
        top.addWidget(heading)
        self.post_label = QLabel()
        self.post_label.setObjectName("Muted")
        top.addWidget(self.post_label, 1)
        self.badge = QLabel()
        self.badge.setObjectName("StateBadge")
        top.addWidget(self.badge)
        layout.addLayout(top)

        self.banner = Banner()
        layout.addWidget(self.banner)

        facts = QGridLayout()
        facts.setHorizontalSpacing(14)
        self.approvals = QLabel()
        self.approvals.setObjectName("ReviewApprovals")
        self.round = QLabel()
        self.hash = QLabel()
        self.hash.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.acting = QLabel()
        self.acting.setObjectName("Muted")
        for row, (name, widget) in enumerate(
            (
                (self.tr("Approvals"), self.approvals),
                (self.tr("Review round"), self.round),
                (self.tr("Content"), self.hash),
                (self.tr("You are"), self.acting),
            )
        ):
            label = QLabel(name)
            label.setObjectName("SectionTitle")
            facts.addWidget(label, row, 0)
            facts.addWidget(widget, row, 1)
            align_start(widget)
        facts.setColumnStretch(1, 1)
        layout.addLayout(facts)

        layout.addWidget(self._section(self.tr("Comment")))
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("ReviewComment")
        self.comment.setPlaceholderText(
            self.tr("What the author should know (required to request changes)")
        )
        self.comment.setMaximumHeight(90)
        layout.addWidget(self.comment)
        buttons = QHBoxLayout()
        self.submit_button = QPushButton(self.tr("Submit for review"))
        self.submit_button.setObjectName("Primary")
        self.submit_button.clicked.connect(self.submit)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("Primary")
        self.approve_button.clicked.connect(self.approve)
        self.changes_button = QPushButton(self.tr("Request changes"))
        self.changes_button.clicked.connect(self.request_changes)
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.setObjectName("Primary")
        self.publish_button.setToolTip(
            self.tr("Queue the approved post for its accounts; the Outbox sends it")
        )
        self.publish_button.clicked.connect(self.publish)
        for button in (
            self.submit_button,
            self.approve_button,
            self.changes_button,
            self.publish_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.pack_button = QPushButton(self.tr("Export review pack…"))
        self.pack_button.setToolTip(
            self.tr("A signed .zip for an approver who is not on this computer")
        )
        self.pack_button.clicked.connect(self.export_pack)
        self.brief_button = QPushButton(self.tr("Export brief (DOCX)…"))
        self.brief_button.clicked.connect(self.export_brief)
        self.import_button = QPushButton(self.tr("Import decision…"))
        self.import_button.clicked.connect(self.import_decision)
        for button in (self.pack_button, self.brief_button, self.import_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        layout.addWidget(self._section(self.tr("Approval history")))
        self.history = HistoryTree()
        layout.addWidget(self.history, 1)
        composer.editor.sig_edited.connect(self._post_changed)
        self._show(None)

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("SectionTitle")
        align_start(label)
        return label

    # -- following the composer ---------------------------------------------------------------
    def post_id(self) -> int | None:
        post = self.composer.editor.post
        return post.id if post is not None else None

    def _post_changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the post's status once pending edits are written (status hashes the
        content), without blocking the UI thread."""
        self._dirty = False
        post_id = self.post_id()
        if post_id is None:
            self._show(None)
            return
        self.composer.saver.flush()  # queued on the db lane; the read below waits for it
        self.round.setText(self.tr("Checking the content…"))

        if self._reading:  # one read at a time; the latest request runs when it returns
            self._dirty = True
            return
        self._reading = True

        def shown(status: dict) -> None:
            self._reading = False
            self._show(status)
            if self._dirty and self.isVisible():
                self.refresh()

        def failed(exc: BaseException) -> None:
            self._reading = False
            self._failed(exc)

        # status() renders and hashes the post (cached after the first time): a long job for a
        # video, so it runs on the render lane and never delays an autosave.
        self._run(lambda ws: ws.workflow.status(post_id), shown, lane="render", failed=failed)

    # -- actions ------------------------------------------------------------------------------
    def submit(self) -> None:
        post_id, comment = self.post_id(), self.comment.toPlainText().strip()
        self.composer.saver.flush()
        self._run(
            lambda ws: ws.workflow.submit(post_id, comment=comment),
            self._done(self.tr("Submitted for review.")),
        )

    def approve(self) -> None:
        post_id, comment = self.post_id(), self.comment.toPlainText().strip()
        seen = (self.status or {}).get("content_hash")
        self._run(
            lambda ws: ws.workflow.approve(post_id, comment=comment, expected_hash=seen),
            self._done(self.tr("Your approval is signed.")),
        )

    def request_changes(self) -> None:
        post_id, comment = self.post_id(), self.comment.toPlainText().strip()
        if not comment:
            self.banner.show_result(
                self.tr("Write in the comment box what should change, then request changes."),
                error=True,
            )
            self.comment.setFocus()
            return
        self._run(
            lambda ws: ws.workflow.request_changes(post_id, comment=comment),
            self._done(self.tr("Changes requested; the author sees your comment.")),
        )

    def publish(self) -> None:
        """Through the one publish gate; the deliveries go to the Outbox's worker."""
        from studio.core.outbox_enqueue import publish_post

        post_id = self.post_id()

        def work(ws):
            deliveries = publish_post(ws, post_id)
            return ws.workflow.status(post_id), len(deliveries)

        def done(result) -> None:
            status, n = result
            self._done(self.tr("Queued {n} deliveries: follow them in the Outbox.").format(n=n))(
                status
            )
            self.sig_published.emit(post_id)

        self._run(work, done)

    def _done(self, message: str):
        def show(status: dict) -> None:
            self.comment.clear()
            self.banner.show_result(message)
            self._show(status)
            self.composer.reload_list()

        return show

    def _run(self, fn, on_success, *, lane: str = "jobs", failed=None) -> None:
        """Decisions render and hash the post too: off the ``db`` lane, after the edits
        already queued there are written."""
        ws = self.ws

        def work(_ctx):
            ops.lane_drained("db")
            return fn(ws)

        for button in self._action_buttons():
            button.setEnabled(False)

        ops.op(work).on_lane(lane).on_success(on_success).on_failure(
            failed or self._failed
        ).owned_by(self).run()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_result(str(exc), error=True)
        self._show(self.status)
        if not isinstance(exc, StudioError):  # a bug, not a refusal: keep its traceback
            ops.notifier().error(exc)

    # -- offline review (studio.review) --------------------------------------------------------
    def export_pack(self) -> None:
        from studio.review.pack import export_review_pack

        post_id = self.post_id()
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export review pack"), f"review-pack-{post_id}.zip", "Zip (*.zip)"
        )
        if path:
            self._long(
                lambda ws, say: export_review_pack(ws, post_id, path, progress=say),
                lambda r: self.tr("Review pack written: {path} ({n} files).").format(
                    path=isolate(str(r.path)), n=r.files
                ),
                self.tr("Exporting the review pack"),
            )

    def export_brief(self) -> None:
        from studio.review.brief import export_brief

        post_id = self.post_id()
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export brief"), f"brief-{post_id}.docx", "Word (*.docx)"
        )
        if path:
            self._long(
                lambda ws, say: export_brief(ws, post_id, path, progress=say),
                lambda r: self.tr("Brief written: {path}").format(path=isolate(str(r.docx))),
                self.tr("Writing the brief"),
            )

    def import_decision(self) -> None:
        from studio.review.decision_import import import_decision

        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a decision"), "", self.tr("Decisions (*.json);;All files (*)")
        )
        if path:
            self._long(
                lambda ws, _say: import_decision(ws, path),
                lambda r: (
                    self.tr("Decision imported and applied.")
                    if r.outcome == "applied"
                    else self.tr("This decision was already imported.")
                ),
                self.tr("Importing the decision"),
                refresh=True,
            )

    def _long(self, fn, message, label: str, *, refresh: bool = False) -> None:
        ws = self.ws
        self.banner.show_progress(label, cancellable=False)

        def work(ctx):
            return fn(ws, lambda fraction, text: ctx.progress(int(fraction * 100), 100, text))

        def done(result) -> None:
            self.banner.show_result(message(result))
            if refresh:
                self.composer.reload_list()
                self.refresh()

        def failed(exc: BaseException) -> None:
            self.banner.show_result(str(exc), error=True)

        (
            ops.op(work)
            .on_lane("jobs")
            .with_progress(label, cancellable=False)
            .on_success(done)
            .on_failure(failed)
            .owned_by(self)
            .run()
        )

    # -- showing ------------------------------------------------------------------------------
    def _action_buttons(self) -> list[QPushButton]:
        return [
            self.submit_button,
            self.approve_button,
            self.changes_button,
            self.publish_button,
            self.pack_button,
            self.brief_button,
        ]

    def _show(self, status: dict | None) -> None:
        self.status = status
        if status is None:
            self.post_label.setText(self.tr("Choose a post in the Composer to review it."))
            self.badge.clear()
            self.badge.setStyleSheet("")
            for label in (self.approvals, self.round, self.hash):
                label.clear()
            self.history.set_decisions([])
            for button in self._action_buttons():
                button.setEnabled(False)
            return
        state = status["state"]
        self.post_label.setText(isolate(status["title"]))
        self.badge.setText(state_label(state))
        self.badge.setStyleSheet(badge_sheet(state))
        self.approvals.setText(
            self.tr("{valid} of {needed} valid approvals").format(
                valid=status["approvals_valid"], needed=status["approvals_required"]
            )
            + (f" · {', '.join(status['approvers'])}" if status["approvers"] else "")
        )
        review = status["review"]
        if review["round"]:
            self.round.setText(
                self.tr("Round {n}, submitted by {who} on {when}").format(
                    n=review["round"],
                    who=isolate(review["submitted_by"] or ""),
                    when=(review["submitted_at"] or "").replace("T", " ")[:16],
                )
            )
        else:
            self.round.setText(self.tr("Not submitted yet"))
        if status.get("content_error"):
            self.hash.setText(status["content_error"])
        else:
            current = status.get("content_hash") or ""
            same = current and current == review["content_hash"]
            self.hash.setText(
                (current[:16] + "…")
                + (
                    "  " + self.tr("(as submitted)")
                    if same
                    else ("  " + self.tr("(changed since submitted)") if review["round"] else "")
                )
            )
        self.acting.setText(self._who())
        self.history.set_decisions(status["decisions"])
        self.submit_button.setEnabled(state in SUBMITTABLE)
        self.approve_button.setEnabled(state in REVIEWABLE)
        self.changes_button.setEnabled(state in REVIEWABLE)
        self.publish_button.setEnabled(bool(status.get("publishable")) and state == "approved")
        self.pack_button.setEnabled(state in REVIEWABLE)
        self.brief_button.setEnabled(True)

    def _who(self) -> str:
        from studio.core.users import current_user_name

        try:
            name = current_user_name()
            user = self.ws.users.find(name)
        except StudioError as exc:
            return str(exc)
        if user is None:
            return self.tr(
                "{name} (not a user of this workspace: ask an approver to add you)"
            ).format(name=isolate(name))
        role = self.tr("approver") if user.role == "approver" else self.tr("author")
        return f"{isolate(user.name)} · {role}"
