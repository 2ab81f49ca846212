"""What the sample showcase contains: files, titles, alt text in three languages, metadata.

Alt text describes what each generated picture really shows (they were checked against the
renders), because staff will copy it as the model for their own. Data only: no imports of
numpy or Pillow, so the GUI can list the samples cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CATALOG", "CREDIT", "LICENSE", "SampleSpec"]

CREDIT = "Heritage Studio sample (generated)"
LICENSE = "CC0-1.0"
CAMERA_MAKE, CAMERA_MODEL = "Heritage Studio", "SampleCam"


@dataclass(frozen=True)
class SampleSpec:
    key: str
    filename: str
    kind: str  # "photo" | "video"
    title: str
    alt: dict[str, str]
    tags: tuple[str, ...]
    focal: tuple[float, float]
    size: tuple[int, int]  # displayed size at full resolution
    pattern: str = ""  # renderer in studio.media.samplerender
    seed: int = 0
    orientation: int = 1  # EXIF orientation written (pixels stored rotated to match)
    captured: str | None = None  # EXIF "YYYY:MM:DD HH:MM:SS"
    offset: str | None = None  # EXIF OffsetTimeOriginal
    gps: tuple[float, float] | None = None  # fictional, at sea
    extra: dict[str, str] = field(default_factory=dict)


CATALOG: tuple[SampleSpec, ...] = (
    SampleSpec(
        key="zellige",
        filename="zellige-star-tilework.jpg",
        kind="photo",
        title="Zellige star tilework",
        alt={
            "en": "Close view of a wall of glazed zellige tiles: green and blue eight-pointed "
            "stars, each with an amber octagon at its centre, small black stars between them, "
            "on a white ground set in grey grout.",
            "fr": "Vue rapprochée d'un mur de zellige émaillé : des étoiles à huit branches "
            "vertes et bleues, chacune avec un octogone ambré en son centre, de petites étoiles "
            "noires entre elles, sur un fond blanc aux joints gris.",
            "ar": "منظر قريب لجدار من الزليج المزجّج: نجوم ثمانية الرؤوس خضراء وزرقاء، في وسط "
            "كلٍّ منها مثمّن كهرماني اللون، وبينها نجوم سوداء صغيرة، على أرضية بيضاء تفصل بين "
            "قطعها فواصل رمادية.",
        },
        tags=("zellige", "tilework", "glazed-tile", "eight-pointed-star", "geometric"),
        focal=(0.5, 0.5),
        size=(6000, 4000),
        pattern="zellige",
        seed=101,
        captured="2024:03:18 10:42:07",
        offset="+01:00",
        gps=(36.1032, -3.1047),
    ),
    SampleSpec(
        key="tesserae",
        filename="mosaic-floor-rosette.jpg",
        kind="photo",
        title="Mosaic floor with rosette medallion",
        alt={
            "en": "Floor mosaic of small stone tesserae seen at an angle: a round medallion "
            "with an eight-petalled rosette in red and ochre, ringed by a braided band on "
            "blue-grey, in a field of black lozenges dotted with small red diamonds, with a red "
            "wave border at the far edge.",
            "fr": "Mosaïque de sol en petites tesselles de pierre, vue en biais : un médaillon "
            "circulaire orné d'une rosace à huit pétales rouges et ocre, cerné d'une tresse sur "
            "fond gris-bleu, au milieu d'un champ de losanges noirs ponctués de petits losanges "
            "rouges, avec une bordure de vagues rouges au fond.",
            "ar": "أرضية من الفسيفساء مؤلفة من مكعّبات حجرية صغيرة، مصوَّرة من زاوية مائلة: "
            "ميدالية دائرية تتوسطها وردة ذات ثماني بتلات باللونين الأحمر والمغرة، يحيط بها "
            "شريط مضفور على خلفية رمادية مزرقّة، وسط حقل من المعيّنات السوداء تتخللها معيّنات "
            "حمراء صغيرة، وفي الطرف البعيد إطار من الأمواج الحمراء.",
        },
        tags=("mosaic", "floor", "tesserae", "rosette", "roman-african"),
        focal=(0.5, 0.42),
        size=(6000, 4000),
        pattern="mosaic_floor",
        seed=202,
        captured="2024:04:02 16:05:51",
        offset="+01:00",
        gps=(37.2011, 11.3094),
    ),
    SampleSpec(
        key="arches",
        filename="horseshoe-arcade.jpg",
        kind="photo",
        title="Horseshoe arches with red-and-white voussoirs",
        alt={
            "en": "Ochre façade under a terracotta tiled roof and blue sky: two large horseshoe "
            "arches with alternating red-brick and cream-stone voussoirs on white marble "
            "columns, a twin window above them, a band of green and white tiles, and stone "
            "paving in front.",
            "fr": "Façade ocre sous un toit de tuiles en terre cuite et un ciel bleu : deux "
            "grands arcs outrepassés aux claveaux alternant brique rouge et pierre crème, sur "
            "des colonnes de marbre blanc, une fenêtre géminée au-dessus, une frise de carreaux "
            "verts et blancs, et un dallage de pierre au premier plan.",
            "ar": "واجهة بلون المغرة تحت سقف من القرميد وسماء زرقاء: قوسان كبيران على شكل حدوة "
            "الفرس بصنجات تتناوب بين الآجرّ الأحمر والحجر الكريمي، قائمان على أعمدة من الرخام "
            "الأبيض، وفوقهما نافذة مزدوجة، وشريط من البلاط الأخضر والأبيض، وأرضية مبلّطة بالحجر "
            "في المقدمة.",
        },
        tags=("architecture", "horseshoe-arch", "facade", "terracotta", "andalusian"),
        focal=(0.5, 0.6),
        size=(3024, 4032),
        pattern="arcade",
        seed=303,
        orientation=6,  # held in portrait: stored sideways, like a phone photo
        captured="2024:05:11 18:20:33",
        offset="+02:00",
        gps=(36.6025, -1.8012),
    ),
    SampleSpec(
        key="girih",
        filename="interlaced-strapwork.heic",
        kind="photo",
        title="Interlaced star strapwork panel",
        alt={
            "en": "Carved plaster panel with ivory interlaced straps: in each square of the "
            "grid two squares cross to form an eight-pointed star around a deep blue octagon, "
            "with gold star points, small gold stars and a dark red ground.",
            "fr": "Panneau de plâtre sculpté à entrelacs ivoire : dans chaque carré de la trame, "
            "deux carrés se croisent pour former une étoile à huit branches autour d'un octogone "
            "bleu profond, avec des pointes dorées, de petites étoiles dorées et un fond rouge "
            "sombre.",
            "ar": "لوحة من الجص المنحوت بأشرطة عاجية متشابكة: في كل مربع من الشبكة يتقاطع "
            "مربعان ليشكّلا نجمة ثمانية الرؤوس حول مثمّن أزرق داكن، مع رؤوس ذهبية ونجوم ذهبية "
            "صغيرة على أرضية حمراء داكنة.",
        },
        tags=("strapwork", "girih", "interlace", "stucco", "geometric"),
        focal=(0.5, 0.5),
        size=(4032, 3024),
        pattern="strapwork",
        seed=404,
        captured="2024:06:21 11:03:12",
        offset="+02:00",
        gps=(35.9187, 14.9021),
    ),
    SampleSpec(
        key="azulejo",
        filename="azulejo-panel.png",
        kind="photo",
        title="Blue-and-white azulejo panel",
        alt={
            "en": "Panel of square blue-and-white glazed tiles: every four tiles form a cobalt "
            "rosette of eight petals inside a ring, alternating with small white flowers "
            "reserved in blue disks, with leaves along the diagonals; a few tile corners are "
            "chipped.",
            "fr": "Panneau de carreaux émaillés bleu et blanc : chaque groupe de quatre carreaux "
            "forme une rosace cobalt à huit pétales dans un anneau, en alternance avec de petites "
            "fleurs blanches réservées dans des disques bleus, et des feuilles le long des "
            "diagonales ; quelques coins de carreaux sont ébréchés.",
            "ar": "لوحة من البلاط المزجّج المربع بالأزرق والأبيض: كل أربع بلاطات تشكّل وردة "
            "كوبالتية ذات ثماني بتلات داخل حلقة، تتناوب مع زهور بيضاء صغيرة وسط أقراص زرقاء، "
            "وأوراق نباتية على امتداد الأقطار؛ وبعض زوايا البلاط مكسورة.",
        },
        tags=("azulejo", "tilework", "blue-and-white", "glazed-tile"),
        focal=(0.5, 0.5),
        size=(4032, 3024),
        pattern="azulejo",
        seed=505,
    ),
    SampleSpec(
        key="mosaic-film",
        filename="mosaic-floor-pan.mp4",
        kind="video",
        title="Mosaic floor, slow pan",
        alt={
            "en": "Slow diagonal pan across a floor mosaic of small stone tesserae: a round "
            "medallion with a red and ochre rosette in a field of black lozenges, while a soft "
            "plucked-string melody plays.",
            "fr": "Lent panoramique en diagonale sur une mosaïque de sol en petites tesselles de "
            "pierre : un médaillon circulaire à rosace rouge et ocre dans un champ de losanges "
            "noirs, sur une douce mélodie de cordes pincées.",
            "ar": "حركة كاميرا بطيئة مائلة فوق أرضية من الفسيفساء المؤلفة من مكعّبات حجرية صغيرة: "
            "ميدالية دائرية تتوسطها وردة باللونين الأحمر والمغرة في حقل من المعيّنات السوداء، "
            "ترافقها نغمات هادئة من آلة وترية منقورة.",
        },
        tags=("mosaic", "floor", "video", "pan"),
        focal=(0.5, 0.45),
        size=(1920, 1080),
        seed=606,
        captured="2024-05-14T09:30:00Z",
        gps=(37.2500, 12.5000),
    ),
)
