<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AccountsModel</name>
    <message>
        <source>Account</source>
        <translation>الحساب</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>الخدمة</translation>
    </message>
    <message>
        <source>Publishes to</source>
        <translation>ينشر على</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>المعرّف</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>الخادم</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <source>Publishing accounts</source>
        <translation>حسابات النشر</translation>
    </message>
    <message>
        <source>Add account…</source>
        <translation>إضافة حساب…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>اختبار الاتصال</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <source>Secrets are kept only in the OS keyring ({backend}).</source>
        <translation>تُحفظ الأسرار في حافظة مفاتيح النظام فقط ({backend}).</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>أُضيف {name}.</translation>
    </message>
    <message>
        <source>Testing {name}…</source>
        <translation>جارٍ اختبار {name}…</translation>
    </message>
    <message>
        <source>{name} works: signed in as {handle}.</source>
        <translation>‏{name} يعمل: تم الدخول باسم {handle}.</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>إزالة الحساب</translation>
    </message>
    <message>
        <source>Remove {name} and delete its secret from the keyring? Posts already sent stay as they are.</source>
        <translation>هل تريد إزالة {name} وحذف سرّه من حافظة المفاتيح؟ تبقى المنشورات المرسلة كما هي.</translation>
    </message>
</context>
<context>
    <name>AccountsPicker</name>
    <message>
        <source>No account serves these platforms yet: add one in Settings ▸ Accounts.</source>
        <translation>لا يوجد بعد حساب ينشر على هذه المنصات: أضف حسابًا من الإعدادات ◂ الحسابات.</translation>
    </message>
    <message>
        <source>No publishing accounts yet: add them in Settings ▸ Accounts.</source>
        <translation>لا توجد حسابات نشر بعد: أضفها من الإعدادات ◂ الحسابات.</translation>
    </message>
</context>
<context>
    <name>ActivityWidget</name>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source> (+{n} more)</source>
        <translation> (+{n} أخرى)</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>Add a publishing account</source>
        <translation>إضافة حساب نشر</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>الخدمة</translation>
    </message>
    <message>
        <source>e.g. maridia-bsky</source>
        <translation>مثل: maridia-bsky</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>اسم الحساب</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>الخادم</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>المعرّف</translation>
    </message>
    <message>
        <source>ar, fr, en…</source>
        <translation>ar، fr، en…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>one KEY=VALUE per line, e.g. chat_id=@channel</source>
        <translation>‏KEY=VALUE واحد في كل سطر، مثل: chat_id=@channel</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>الخيارات</translation>
    </message>
    <message>
        <source>leave empty to sign in with the browser</source>
        <translation>اتركه فارغًا لتسجيل الدخول عبر المتصفح</translation>
    </message>
    <message>
        <source>required</source>
        <translation>مطلوب</translation>
    </message>
</context>
<context>
    <name>AddMediaDialog</name>
    <message>
        <source>Add from Library</source>
        <translation>إضافة من المكتبة</translation>
    </message>
    <message>
        <source>Filter by title or file name</source>
        <translation>تصفية حسب العنوان أو اسم الملف</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>إضافة</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Heritage Studio</source>
        <translation>استوديو التراث</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>إغلاق</translation>
    </message>
</context>
<context>
    <name>CalendarPanel</name>
    <message>
        <source>Calendar</source>
        <translation>التقويم</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>السابق</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>التالي</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>شهر</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>أسبوع</translation>
    </message>
    <message>
        <source>Drag a post to another day to reschedule it.</source>
        <translation>اسحب منشورًا إلى يوم آخر لتغيير موعده.</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>غير مجدولة</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>كل الحملات</translation>
    </message>
    <message>
        <source>A published post stays on the day it went out.</source>
        <translation>يبقى المنشور المنشور في اليوم الذي نُشر فيه.</translation>
    </message>
    <message>
        <source>Reschedule a reviewed post?</source>
        <translation>تغيير موعد منشور تمت مراجعته؟</translation>
    </message>
    <message>
        <source>“{title}” is {state}. Its date is part of what the approvers signed, so moving it to {day} sends it back to Draft: it must be submitted and approved again before it can be published.

Move it anyway?</source>
        <translation>حالة «{title}»: {state}. تاريخه جزء مما وقّعه المعتمِدون، لذا فإن نقله إلى {day} يعيده إلى المسودة: يجب تقديمه واعتماده من جديد قبل نشره.

هل تريد نقله رغم ذلك؟</translation>
    </message>
    <message>
        <source>“{title}” moved to {day}.</source>
        <translation>نُقل «{title}» إلى {day}.</translation>
    </message>
</context>
<context>
    <name>CaptionArea</name>
    <message>
        <source>Version for</source>
        <translation>نسخة لـ</translation>
    </message>
    <message>
        <source>Write a different caption for one platform</source>
        <translation>اكتب نصًا مختلفًا لمنصة واحدة</translation>
    </message>
    <message>
        <source>Use the main caption</source>
        <translation>استخدام النص الرئيسي</translation>
    </message>
    <message>
        <source>Remove this platform&apos;s own text for this language</source>
        <translation>حذف النص الخاص بهذه المنصة لهذه اللغة</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>كل المنصات</translation>
    </message>
    <message>
        <source>The captions every platform gets.</source>
        <translation>النصوص التي تتلقاها كل المنصات.</translation>
    </message>
    <message>
        <source>{platform} gets one text for all languages.</source>
        <translation>تتلقى {platform} نصًا واحدًا لكل اللغات.</translation>
    </message>
    <message>
        <source>{platform} uses the main captions.</source>
        <translation>تستخدم {platform} النصوص الرئيسية.</translation>
    </message>
    <message>
        <source>{platform} gets its own text in {language}.</source>
        <translation>تتلقى {platform} نصًا خاصًا بها باللغة {language}.</translation>
    </message>
    <message>
        <source>{platform} uses the main caption in {language}.</source>
        <translation>تستخدم {platform} النص الرئيسي باللغة {language}.</translation>
    </message>
</context>
<context>
    <name>CaptionEdit</name>
    <message>
        <source>Caption in {language}…</source>
        <translation>النص بـ{language}…</translation>
    </message>
</context>
<context>
    <name>CaptionTabs</name>
    <message>
        <source>Right to left</source>
        <translation>من اليمين إلى اليسار</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Error</source>
        <translation>خطأ</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>تحذير</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
</context>
<context>
    <name>ChipBar</name>
    <message>
        <source>Choose target platforms to see how each one counts.</source>
        <translation>اختر المنصات المستهدفة لترى كيف تعدّ كل منها النص.</translation>
    </message>
    <message>
        <source>{name} counts {length} {unit}; the limit is {limit}.</source>
        <translation>تعدّ {name} ‏{length} {unit}؛ والحد الأقصى {limit}.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Typing in {language}</source>
        <translation>الكتابة بـ{language}</translation>
    </message>
</context>
<context>
    <name>ComposerPanel</name>
    <message>
        <source>Posts</source>
        <translation>المنشورات</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>منشور جديد</translation>
    </message>
    <message>
        <source>Create a post (Ctrl+N)</source>
        <translation>إنشاء منشور (Ctrl+N)</translation>
    </message>
    <message>
        <source>Filter posts by title…</source>
        <translation>تصفية المنشورات حسب العنوان…</translation>
    </message>
    <message>
        <source>Untitled post</source>
        <translation>منشور بلا عنوان</translation>
    </message>
    <message>
        <source>New post created.</source>
        <translation>أُنشئ منشور جديد.</translation>
    </message>
</context>
<context>
    <name>CropCard</name>
    <message>
        <source>Auto ({aspect})</source>
        <translation>تلقائي ({aspect})</translation>
    </message>
    <message>
        <source>{platform} takes no photos here.</source>
        <translation>لا تقبل {platform} الصور هنا.</translation>
    </message>
    <message>
        <source>{platform} takes no videos here.</source>
        <translation>لا تقبل {platform} مقاطع الفيديو هنا.</translation>
    </message>
    <message>
        <source>{platform} gets the {aspect} frame</source>
        <translation>تحصل {platform} على إطار {aspect}</translation>
    </message>
</context>
<context>
    <name>FindingsList</name>
    <message>
        <source>Checks</source>
        <translation>الفحوص</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>كل المنصات</translation>
    </message>
    <message>
        <source>{severity} · {code} · click to go to {field}</source>
        <translation>{severity} · {code} · انقر للانتقال إلى {field}</translation>
    </message>
    <message>
        <source>✓ Ready for every chosen platform.</source>
        <translation>✓ جاهز لكل المنصات المختارة.</translation>
    </message>
    <message>
        <source>{i} note(s) below.</source>
        <translation>الملاحظات أدناه: {i}.</translation>
    </message>
    <message>
        <source>{e} error(s) · {w} warning(s) · {i} note(s)</source>
        <translation>الأخطاء: {e} · التحذيرات: {w} · الملاحظات: {i}</translation>
    </message>
</context>
<context>
    <name>FocalPreview</name>
    <message>
        <source>Click the most important spot: crops for each platform keep it.</source>
        <translation>انقر على أهم نقطة في الصورة: ستحافظ عليها القصّات الخاصة بكل منصة.</translation>
    </message>
</context>
<context>
    <name>HistoryTree</name>
    <message>
        <source>Decision</source>
        <translation>القرار</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>من</translation>
    </message>
    <message>
        <source>When</source>
        <translation>متى</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>الجولة</translation>
    </message>
    <message>
        <source>Counts?</source>
        <translation>محتسبة؟</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>التعليق</translation>
    </message>
</context>
<context>
    <name>KitPicker</name>
    <message>
        <source>No brand kit</source>
        <translation>بلا هوية بصرية</translation>
    </message>
    <message>
        <source>{kit} (broken)</source>
        <translation>{kit} (معطوبة)</translation>
    </message>
    <message>
        <source>{kit} (not found)</source>
        <translation>{kit} (غير موجودة)</translation>
    </message>
    <message>
        <source>No kit with this id is installed.</source>
        <translation>لا توجد هوية بصرية مثبّتة بهذا المعرّف.</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <source>Video</source>
        <translation>فيديو</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>صورة</translation>
    </message>
    <message>
        <source>{seconds:.1f} s</source>
        <translation>{seconds:.1f} ث</translation>
    </message>
    <message>
        <source>{n:.1f} MB</source>
        <translation>{n:.1f} م.ب</translation>
    </message>
    <message>
        <source>{n:.0f} KB</source>
        <translation>{n:.0f} ك.ب</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Library</source>
        <translation>المكتبة</translation>
    </message>
    <message>
        <source>Search titles, credits, tags, alt text…</source>
        <translation>ابحث في العناوين والإسنادات والوسوم والنصوص البديلة…</translation>
    </message>
    <message>
        <source>All media</source>
        <translation>كل الوسائط</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>الصور</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>الفيديوهات</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>استيراد…</translation>
    </message>
    <message>
        <source>Import photos and videos (Ctrl+I)</source>
        <translation>استيراد صور وفيديوهات (Ctrl+I)</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>استيراد ملفات…</translation>
    </message>
    <message>
        <source>Import a folder…</source>
        <translation>استيراد مجلد…</translation>
    </message>
    <message>
        <source>Nothing matches this search.</source>
        <translation>لا شيء يطابق هذا البحث.</translation>
    </message>
    <message>
        <source>No media yet.
Drop photos, videos or folders here, or click Import…</source>
        <translation>لا وسائط بعد.
أفلت الصور أو الفيديوهات أو المجلدات هنا، أو انقر على استيراد…</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>العناصر: {n}</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>لم يُحفظ: {reason}</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>استيراد مجلد</translation>
    </message>
    <message>
        <source>Import photos and videos</source>
        <translation>استيراد صور وفيديوهات</translation>
    </message>
    <message>
        <source>Photos and videos ({patterns})</source>
        <translation>الصور والفيديوهات ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>كل الملفات (*)</translation>
    </message>
    <message>
        <source>Preparing the import…</source>
        <translation>جارٍ التحضير للاستيراد…</translation>
    </message>
    <message>
        <source>Importing {i} of {n}: {name}</source>
        <translation>استيراد {i} من {n}: {name}</translation>
    </message>
    <message>
        <source>Importing media</source>
        <translation>استيراد الوسائط</translation>
    </message>
    <message>
        <source>Imported {n} file(s).</source>
        <translation>الملفات المستوردة: {n}.</translation>
    </message>
    <message>
        <source>{n} already in the library.</source>
        <translation>موجودة مسبقًا في المكتبة: {n}.</translation>
    </message>
    <message>
        <source>{n} could not be imported:</source>
        <translation>تعذّر استيراد {n}:</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>أُلغي الاستيراد.</translation>
    </message>
    <message>
        <source>The import stopped: {reason}</source>
        <translation>توقف الاستيراد: {reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Heritage Studio</source>
        <translation>استوديو التراث</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>المكتبة</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>التحرير</translation>
    </message>
    <message>
        <source>Previews</source>
        <translation>المعاينات</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>المراجعة</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>التقويم</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>صندوق الصادر</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>الإصدار {version}</translation>
    </message>
    <message>
        <source>Publishing is paused: {reason} (by {who}). Open the Outbox to resume.</source>
        <translation>النشر موقوف مؤقتًا: {reason} (بواسطة {who}). افتح صندوق الصادر لاستئنافه.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;Import files…</source>
        <translation>ا&amp;ستيراد ملفات…</translation>
    </message>
    <message>
        <source>Import a &amp;folder…</source>
        <translation>استيراد م&amp;جلد…</translation>
    </message>
    <message>
        <source>&amp;New post</source>
        <translation>منشور &amp;جديد</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>الإ&amp;عدادات…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>ت&amp;راجع</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;بحث…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <source>&amp;Welcome</source>
        <translation>&amp;ترحيب</translation>
    </message>
    <message>
        <source>&amp;About Heritage Studio</source>
        <translation>&amp;حول استوديو التراث</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>حُفظت الإعدادات.</translation>
    </message>
    <message>
        <source>About Heritage Studio</source>
        <translation>حول استوديو التراث</translation>
    </message>
    <message>
        <source>Heritage Studio {version}
Compose, check, approve and publish heritage showcases in Arabic, French and English.</source>
        <translation>استوديو التراث {version}
اكتب منشورات التعريف بالتراث وافحصها واعتمدها وانشرها بالعربية والفرنسية والإنجليزية.</translation>
    </message>
    <message>
        <source>Preparing the sample heritage showcase (photos, a video and three posts) so you can try the studio…</source>
        <translation>جارٍ تحضير معرض التراث التجريبي (صور وفيديو وثلاثة منشورات) لتجربة الاستوديو…</translation>
    </message>
    <message>
        <source>The sample showcase is ready: {m} photos and videos, {p} posts.</source>
        <translation>المعرض التجريبي جاهز: {m} صور وفيديوهات، و{p} منشورات.</translation>
    </message>
    <message>
        <source>The sample showcase could not be prepared: {reason}</source>
        <translation>تعذّر تحضير المعرض التجريبي: {reason}</translation>
    </message>
    <message>
        <source>Preparing the sample</source>
        <translation>تحضير المثال</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>جارٍ الحفظ…</translation>
    </message>
</context>
<context>
    <name>MediaDetails</name>
    <message>
        <source>Select a photo or video to describe it.</source>
        <translation>اختر صورة أو فيديو لوصفه.</translation>
    </message>
    <message>
        <source>Click the picture to set its focal point.</source>
        <translation>انقر على الصورة لتحديد نقطة التركيز.</translation>
    </message>
    <message>
        <source>⚠ This file contains location (GPS) metadata. The studio removes it from published files, but the original in the library keeps it: do not share the original outside the studio.</source>
        <translation>⚠ يحتوي هذا الملف على بيانات موقع (GPS). يزيلها الاستوديو من الملفات المنشورة، لكن الأصل في المكتبة يحتفظ بها: لا تشارك الملف الأصلي خارج الاستوديو.</translation>
    </message>
    <message>
        <source>Photographer / institution</source>
        <translation>المصوّر / المؤسسة</translation>
    </message>
    <message>
        <source>Comma-separated, e.g. mosaic, medina</source>
        <translation>مفصولة بفواصل، مثل: فسيفساء، مدينة</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>الإسناد</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>الترخيص</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>الكلمات المفتاحية</translation>
    </message>
    <message>
        <source>Alt text (describe the image for people who cannot see it)</source>
        <translation>النص البديل (صِف الصورة لمن لا يستطيع رؤيتها)</translation>
    </message>
    <message>
        <source>Alt text in {language}</source>
        <translation>النص البديل بـ{language}</translation>
    </message>
    <message>
        <source>Captured {when}</source>
        <translation>التُقطت في {when}</translation>
    </message>
</context>
<context>
    <name>MediaGrid</name>
    <message>
        <source>Drop to import into the library</source>
        <translation>أفلت للاستيراد إلى المكتبة</translation>
    </message>
</context>
<context>
    <name>MediaSection</name>
    <message>
        <source>Add from Library…</source>
        <translation>إضافة من المكتبة…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <source>Remove the selected item from this post</source>
        <translation>إزالة العنصر المحدد من هذا المنشور</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>نقل إلى موضع أسبق</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>نقل إلى موضع لاحق</translation>
    </message>
    <message>
        <source>Or drag thumbnails.</source>
        <translation>أو اسحب الصور المصغّرة.</translation>
    </message>
    <message>
        <source>Crop per platform</source>
        <translation>القص لكل منصة</translation>
    </message>
    <message>
        <source>Trim</source>
        <translation>القص الزمني</translation>
    </message>
    <message>
        <source>Reorder media</source>
        <translation>إعادة ترتيب الوسائط</translation>
    </message>
    <message>
        <source>Add media</source>
        <translation>إضافة وسائط</translation>
    </message>
    <message>
        <source>Remove media</source>
        <translation>إزالة وسائط</translation>
    </message>
    <message>
        <source>Change crop</source>
        <translation>تغيير القص</translation>
    </message>
    <message>
        <source>Change trim</source>
        <translation>تغيير القص الزمني</translation>
    </message>
</context>
<context>
    <name>MediaStrip</name>
    <message>
        <source>{n}. missing</source>
        <translation>{n}. مفقود</translation>
    </message>
    <message>
        <source>This library item no longer exists.</source>
        <translation>لم يعد هذا العنصر موجودًا في المكتبة.</translation>
    </message>
    <message>
        <source>No media yet</source>
        <translation>لا وسائط بعد</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>#</source>
        <translation>رقم</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>المنشور</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>الحساب</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>المنصة</translation>
    </message>
    <message>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>المحاولات</translation>
    </message>
    <message>
        <source>Scheduled / next try</source>
        <translation>الموعد / المحاولة التالية</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>النتيجة</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>جارٍ الإرسال</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>أُرسلت</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <source>Needs checking</source>
        <translation>تحتاج إلى تحقق</translation>
    </message>
    <message>
        <source>Held (late)</source>
        <translation>معلّقة (متأخرة)</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>ملغاة</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>أُرسلت</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <source>Outbox</source>
        <translation>صندوق الصادر</translation>
    </message>
    <message>
        <source>Pause all publishing</source>
        <translation>إيقاف كل النشر مؤقتًا</translation>
    </message>
    <message>
        <source>Stops every delivery at once, here and in every other window or command</source>
        <translation>يوقف كل التسليمات فورًا، هنا وفي كل نافذة أو أمر آخر</translation>
    </message>
    <message>
        <source>Resume publishing</source>
        <translation>استئناف النشر</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>إعادة المحاولة</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>إرسال الآن</translation>
    </message>
    <message>
        <source>A late delivery held for confirmation goes out</source>
        <translation>يُرسل تسليم متأخر كان معلّقًا بانتظار التأكيد</translation>
    </message>
    <message>
        <source>It was posted…</source>
        <translation>نُشر…</translation>
    </message>
    <message>
        <source>It was not posted</source>
        <translation>لم يُنشر</translation>
    </message>
    <message>
        <source>Open post</source>
        <translation>فتح المنشور</translation>
    </message>
    <message>
        <source>The outbox stopped sending: {error}</source>
        <translation>توقف صندوق الصادر عن الإرسال: {error}</translation>
    </message>
    <message>
        <source>Publishing is paused by {who} since {when}: {reason}</source>
        <translation>النشر موقوف مؤقتًا من قِبل {who} منذ {when}: {reason}</translation>
    </message>
    <message>
        <source>Nothing will be sent, from any window or command, until someone resumes.
Why are you pausing? (kept in the audit trail)</source>
        <translation>لن يُرسل شيء من أي نافذة أو أمر حتى يستأنف أحدهم.
لماذا توقف النشر؟ (يُحفظ في سجل التدقيق)</translation>
    </message>
    <message>
        <source>Deliveries that are due will start going out again. Resume?</source>
        <translation>ستُستأنف التسليمات المستحقة. هل تريد الاستئناف؟</translation>
    </message>
    <message>
        <source>It was posted</source>
        <translation>نُشر</translation>
    </message>
    <message>
        <source>Link to the post you found on {account} (optional):</source>
        <translation>رابط المنشور الذي وجدته على {account} (اختياري):</translation>
    </message>
</context>
<context>
    <name>PlatformCaptionTabs</name>
    <message>
        <source>All languages</source>
        <translation>كل اللغات</translation>
    </message>
    <message>
        <source>One text for this platform, in place of every language&apos;s caption</source>
        <translation>نص واحد لهذه المنصة بدلًا من نص كل لغة</translation>
    </message>
    <message>
        <source>Typing {platform}&apos;s version in {language}</source>
        <translation>كتابة نسخة {platform} باللغة {language}</translation>
    </message>
    <message>
        <source>No main caption in {language}: write it under “All platforms” first.</source>
        <translation>لا يوجد نص رئيسي باللغة {language}: اكتبه أولًا في «كل المنصات».</translation>
    </message>
</context>
<context>
    <name>PostDelegate</name>
    <message>
        <source>{n} platform(s)</source>
        <translation>المنصات: {n}</translation>
    </message>
    <message>
        <source>{n} media</source>
        <translation>الوسائط: {n}</translation>
    </message>
</context>
<context>
    <name>PostEditor</name>
    <message>
        <source>Post title</source>
        <translation>عنوان المنشور</translation>
    </message>
    <message>
        <source>Brand kit</source>
        <translation>الهوية البصرية</translation>
    </message>
    <message>
        <source>Hashtags</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <source>#HeritageWeek #Mosaic</source>
        <translation>#أسبوع_التراث #فسيفساء</translation>
    </message>
    <message>
        <source>Publish to</source>
        <translation>النشر على</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>الوسائط</translation>
    </message>
    <message>
        <source>✓ Saved</source>
        <translation>✓ محفوظ</translation>
    </message>
    <message>
        <source>● Unsaved changes</source>
        <translation>● تغييرات غير محفوظة</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>جارٍ الحفظ…</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>غير محفوظ</translation>
    </message>
    <message>
        <source>Add {platform}</source>
        <translation>إضافة {platform}</translation>
    </message>
    <message>
        <source>Remove {platform}</source>
        <translation>إزالة {platform}</translation>
    </message>
    <message>
        <source>Change accounts</source>
        <translation>تغيير الحسابات</translation>
    </message>
    <message>
        <source>Change brand kit</source>
        <translation>تغيير الهوية البصرية</translation>
    </message>
</context>
<context>
    <name>PostState</name>
    <message>
        <source>Draft</source>
        <translation>مسودة</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>قيد المراجعة</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>طُلبت تعديلات</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>مجدول</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>منشور</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>مسحوب</translation>
    </message>
</context>
<context>
    <name>Previews</name>
    <message>
        <source>{platform} · Story</source>
        <translation>{platform} · قصة</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>إظهار المزيد</translation>
    </message>
    <message>
        <source>more</source>
        <translation>المزيد</translation>
    </message>
    <message>
        <source>See more</source>
        <translation>عرض المزيد</translation>
    </message>
    <message>
        <source>see more</source>
        <translation>عرض المزيد</translation>
    </message>
</context>
<context>
    <name>PreviewsPanel</name>
    <message>
        <source>Previews</source>
        <translation>المعاينات</translation>
    </message>
    <message>
        <source>Choose a post in the Composer to preview it here.</source>
        <translation>اختر منشورًا في التحرير لمعاينته هنا.</translation>
    </message>
    <message>
        <source>Choose platforms in the Composer to see their previews.</source>
        <translation>اختر المنصات في التحرير لترى معايناتها.</translation>
    </message>
    <message>
        <source>Your account</source>
        <translation>حسابك</translation>
    </message>
    <message>
        <source>The preview could not be rendered.</source>
        <translation>تعذّر إنتاج المعاينة.</translation>
    </message>
    <message>
        <source>Rendering {n} preview(s)…</source>
        <translation>جارٍ إنتاج المعاينات: {n}…</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>محدّثة</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Submitted</source>
        <translation>مقدَّم</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>طُلبت تعديلات</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>صالح</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>مُتجاوَز</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>غير صالح</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Review</source>
        <translation>المراجعة</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>الاعتمادات</translation>
    </message>
    <message>
        <source>Review round</source>
        <translation>جولة المراجعة</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>المحتوى</translation>
    </message>
    <message>
        <source>You are</source>
        <translation>أنت</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>التعليق</translation>
    </message>
    <message>
        <source>What the author should know (required to request changes)</source>
        <translation>ما يجب أن يعرفه الكاتب (مطلوب لطلب التعديلات)</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>تقديم للمراجعة</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>اعتماد</translation>
    </message>
    <message>
        <source>Request changes</source>
        <translation>طلب تعديلات</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>نشر</translation>
    </message>
    <message>
        <source>Queue the approved post for its accounts; the Outbox sends it</source>
        <translation>إدراج المنشور المعتمد في قائمة الإرسال لحساباته؛ يتولى صندوق الصادر إرساله</translation>
    </message>
    <message>
        <source>Export review pack…</source>
        <translation>تصدير حزمة المراجعة…</translation>
    </message>
    <message>
        <source>A signed .zip for an approver who is not on this computer</source>
        <translation>ملف ‎.zip‎ موقّع لمعتمِد لا يعمل على هذا الحاسوب</translation>
    </message>
    <message>
        <source>Export brief (DOCX)…</source>
        <translation>تصدير المذكرة (DOCX)…</translation>
    </message>
    <message>
        <source>Import decision…</source>
        <translation>استيراد قرار…</translation>
    </message>
    <message>
        <source>Approval history</source>
        <translation>سجل الاعتماد</translation>
    </message>
    <message>
        <source>Checking the content…</source>
        <translation>جارٍ فحص المحتوى…</translation>
    </message>
    <message>
        <source>Submitted for review.</source>
        <translation>قُدّم للمراجعة.</translation>
    </message>
    <message>
        <source>Your approval is signed.</source>
        <translation>وُقّع اعتمادك.</translation>
    </message>
    <message>
        <source>Write in the comment box what should change, then request changes.</source>
        <translation>اكتب في خانة التعليق ما يجب تغييره، ثم اطلب التعديلات.</translation>
    </message>
    <message>
        <source>Changes requested; the author sees your comment.</source>
        <translation>طُلبت تعديلات؛ سيرى الكاتب تعليقك.</translation>
    </message>
    <message>
        <source>Queued {n} deliveries: follow them in the Outbox.</source>
        <translation>أُدرجت {n} عمليات إرسال: تابعها في صندوق الصادر.</translation>
    </message>
    <message>
        <source>Export review pack</source>
        <translation>تصدير حزمة المراجعة</translation>
    </message>
    <message>
        <source>Review pack written: {path} ({n} files).</source>
        <translation>كُتبت حزمة المراجعة: {path} (الملفات: {n}).</translation>
    </message>
    <message>
        <source>Exporting the review pack</source>
        <translation>جارٍ تصدير حزمة المراجعة</translation>
    </message>
    <message>
        <source>Export brief</source>
        <translation>تصدير المذكرة</translation>
    </message>
    <message>
        <source>Brief written: {path}</source>
        <translation>كُتبت المذكرة: {path}</translation>
    </message>
    <message>
        <source>Writing the brief</source>
        <translation>جارٍ كتابة المذكرة</translation>
    </message>
    <message>
        <source>Import a decision</source>
        <translation>استيراد قرار</translation>
    </message>
    <message>
        <source>Decisions (*.json);;All files (*)</source>
        <translation>القرارات (*.json);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Decision imported and applied.</source>
        <translation>استُورد القرار وطُبّق.</translation>
    </message>
    <message>
        <source>This decision was already imported.</source>
        <translation>سبق استيراد هذا القرار.</translation>
    </message>
    <message>
        <source>Importing the decision</source>
        <translation>جارٍ استيراد القرار</translation>
    </message>
    <message>
        <source>Choose a post in the Composer to review it.</source>
        <translation>اختر منشورًا في التحرير لمراجعته.</translation>
    </message>
    <message>
        <source>{valid} of {needed} valid approvals</source>
        <translation>الاعتمادات الصالحة: {valid} من {needed}</translation>
    </message>
    <message>
        <source>Round {n}, submitted by {who} on {when}</source>
        <translation>الجولة {n}، قدّمها {who} في {when}</translation>
    </message>
    <message>
        <source>Not submitted yet</source>
        <translation>لم يُقدَّم بعد</translation>
    </message>
    <message>
        <source>(as submitted)</source>
        <translation>(كما قُدّم)</translation>
    </message>
    <message>
        <source>(changed since submitted)</source>
        <translation>(تغيّر منذ التقديم)</translation>
    </message>
    <message>
        <source>{name} (not a user of this workspace: ask an approver to add you)</source>
        <translation>{name} (ليس مستخدمًا في مساحة العمل هذه: اطلب من أحد المعتمِدين إضافتك)</translation>
    </message>
    <message>
        <source>approver</source>
        <translation>معتمِد</translation>
    </message>
    <message>
        <source>author</source>
        <translation>كاتب</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>Takes effect the next time the studio starts.</source>
        <translation>يسري عند تشغيل الاستوديو في المرة القادمة.</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>لغة الواجهة</translation>
    </message>
    <message>
        <source>Only the workspace&apos;s and the bundled kits</source>
        <translation>هويات مساحة العمل والهويات المرفقة فقط</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <source>Brand kits folder</source>
        <translation>مجلد الهويات البصرية</translation>
    </message>
    <message>
        <source>No brand kit</source>
        <translation>بلا هوية بصرية</translation>
    </message>
    <message>
        <source>{kit} (not found)</source>
        <translation>{kit} (غير موجودة)</translation>
    </message>
    <message>
        <source>New posts use the kit</source>
        <translation>الهوية البصرية للمنشورات الجديدة</translation>
    </message>
    <message>
        <source>New posts publish to</source>
        <translation>تُنشر المنشورات الجديدة على</translation>
    </message>
    <message>
        <source>Reset window layout</source>
        <translation>إعادة تعيين تخطيط النافذة</translation>
    </message>
    <message>
        <source>Window size, splitters and the last screen go back to their defaults.</source>
        <translation>يعود حجم النافذة والفواصل والشاشة الأخيرة إلى قيمها الافتراضية.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>النافذة</translation>
    </message>
    <message>
        <source>General</source>
        <translation>عام</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>الحسابات</translation>
    </message>
    <message>
        <source>The default layout returns at the next start</source>
        <translation>يعود التخطيط الافتراضي عند التشغيل القادم</translation>
    </message>
    <message>
        <source>{path} is not a folder: choose an existing folder or clear the field.</source>
        <translation>‏{path} ليس مجلدًا: اختر مجلدًا موجودًا أو أفرغ الحقل.</translation>
    </message>
</context>
<context>
    <name>TileDelegate</name>
    <message>
        <source>{n:.0f} s</source>
        <translation>{n:.0f} ث</translation>
    </message>
</context>
<context>
    <name>TrimEditor</name>
    <message>
        <source>Play</source>
        <translation>تشغيل</translation>
    </message>
    <message>
        <source>Set in</source>
        <translation>البداية هنا</translation>
    </message>
    <message>
        <source>Start the published video at the playhead</source>
        <translation>بدء الفيديو المنشور عند موضع التشغيل</translation>
    </message>
    <message>
        <source>Set out</source>
        <translation>النهاية هنا</translation>
    </message>
    <message>
        <source>End the published video at the playhead</source>
        <translation>إنهاء الفيديو المنشور عند موضع التشغيل</translation>
    </message>
    <message>
        <source>In point</source>
        <translation>نقطة البداية</translation>
    </message>
    <message>
        <source>Out point</source>
        <translation>نقطة النهاية</translation>
    </message>
    <message>
        <source>Whole video</source>
        <translation>الفيديو كاملًا</translation>
    </message>
    <message>
        <source>Remove the trim and publish the whole video</source>
        <translation>إلغاء القص ونشر الفيديو كاملًا</translation>
    </message>
    <message>
        <source>no multimedia backend</source>
        <translation>لا يوجد محرك وسائط متعددة</translation>
    </message>
    <message>
        <source>The video player is unavailable ({reason}). In and out points still work: type them or use the slider. Installing the system&apos;s PulseAudio library (libpulse0) usually fixes this.</source>
        <translation>مشغّل الفيديو غير متاح ({reason}). لا تزال نقطتا البداية والنهاية تعملان: اكتبهما أو استخدم شريط التمرير. عادةً ما يحل تثبيت مكتبة PulseAudio للنظام (libpulse0) هذه المشكلة.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>إيقاف مؤقت</translation>
    </message>
    <message>
        <source>The out point must be after the in point.</source>
        <translation>يجب أن تكون نقطة النهاية بعد نقطة البداية.</translation>
    </message>
    <message>
        <source>Trimmed length: {length} of {total}</source>
        <translation>المدة بعد القص: {length} من {total}</translation>
    </message>
    <message>
        <source>{platform}: fits</source>
        <translation>{platform}: مناسب</translation>
    </message>
    <message>
        <source>{platform}: too long (up to {limit})</source>
        <translation>{platform}: طويل جدًا (حتى {limit})</translation>
    </message>
    <message>
        <source>{platform}: too short (at least {limit})</source>
        <translation>{platform}: قصير جدًا (على الأقل {limit})</translation>
    </message>
</context>
<context>
    <name>WelcomeOverlay</name>
    <message>
        <source>Welcome to Heritage Studio</source>
        <translation>مرحبًا بك في استوديو التراث</translation>
    </message>
    <message>
        <source>&lt;b&gt;Library&lt;/b&gt; holds your photos and videos with their credit, licence and alt text in Arabic, French and English. Drop files on it to import them.</source>
        <translation>تضمّ &lt;b&gt;المكتبة&lt;/b&gt; صورك وفيديوهاتك مع إسنادها وترخيصها ونصها البديل بالعربية والفرنسية والإنجليزية. أفلت الملفات عليها لاستيرادها.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Composer&lt;/b&gt; is where you write a post once, with captions in each language, and see live how every platform counts it and what to fix.</source>
        <translation>في &lt;b&gt;التحرير&lt;/b&gt; تكتب المنشور مرة واحدة، بنص لكل لغة، وترى مباشرة كيف تعدّه كل منصة وما يجب إصلاحه.</translation>
    </message>
    <message>
        <source>Everything is saved as you type. A sample heritage showcase is loaded so you can try things out; edit or delete it freely.</source>
        <translation>يُحفظ كل شيء أثناء الكتابة. حُمّل معرض تراث تجريبي لتجرّب الاستوديو؛ عدّله أو احذفه بحرية.</translation>
    </message>
    <message>
        <source>Get started</source>
        <translation>ابدأ</translation>
    </message>
</context>
</TS>
