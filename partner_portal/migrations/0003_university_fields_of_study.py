"""The university's 23 programmes (bachelor's and master's) in technical fields."""

from django.db import migrations

FIELDS = [
    # (slug, Persian, English, BSc, MSc)
    ("electrical", "مهندسی برق", "Electrical Engineering", True, False),
    ("power", "مهندسی برق - قدرت", "Electrical Power Engineering", False, True),
    ("electronics", "مهندسی برق - الکترونیک", "Electronics Engineering", False, True),
    ("control", "مهندسی برق - کنترل", "Control Engineering", False, True),
    ("telecom", "مهندسی برق - مخابرات", "Telecommunications Engineering", False, True),
    ("computer", "مهندسی کامپیوتر", "Computer Engineering", True, False),
    ("software", "مهندسی نرم‌افزار", "Software Engineering", False, True),
    ("ai", "هوش مصنوعی و رباتیکز", "Artificial Intelligence and Robotics", False, True),
    ("networks", "شبکه‌های کامپیوتری", "Computer Networks", False, True),
    ("it", "مهندسی فناوری اطلاعات", "Information Technology Engineering", True, True),
    ("mechanical", "مهندسی مکانیک", "Mechanical Engineering", True, False),
    (
        "applied-design",
        "مهندسی مکانیک - طراحی کاربردی",
        "Applied Mechanical Design",
        False,
        True,
    ),
    (
        "energy-conversion",
        "مهندسی مکانیک - تبدیل انرژی",
        "Energy Conversion",
        False,
        True,
    ),
    (
        "manufacturing",
        "مهندسی مکانیک - ساخت و تولید",
        "Manufacturing Engineering",
        False,
        True,
    ),
    ("civil", "مهندسی عمران", "Civil Engineering", True, False),
    ("structural", "مهندسی عمران - سازه", "Structural Engineering", False, True),
    (
        "water-hydraulic",
        "مهندسی عمران - آب و سازه‌های هیدرولیکی",
        "Water and Hydraulic Structures",
        False,
        True,
    ),
    (
        "construction-management",
        "مهندسی و مدیریت ساخت",
        "Construction Engineering and Management",
        False,
        True,
    ),
    ("industrial", "مهندسی صنایع", "Industrial Engineering", True, True),
    ("chemical", "مهندسی شیمی", "Chemical Engineering", True, True),
    (
        "materials",
        "مهندسی مواد و متالورژی",
        "Materials and Metallurgical Engineering",
        True,
        False,
    ),
    ("polymer", "مهندسی پلیمر", "Polymer Engineering", True, False),
    ("mechatronics", "مهندسی مکاترونیک", "Mechatronics Engineering", False, True),
]


def add_fields(apps, schema_editor):
    FieldOfStudy = apps.get_model("partner_portal", "FieldOfStudy")
    for slug, name_fa, name_en, bsc, msc in FIELDS:
        FieldOfStudy.objects.update_or_create(
            slug=slug,
            defaults={
                "name_fa": name_fa,
                "name_en": name_en,
                "offered_bsc": bsc,
                "offered_msc": msc,
            },
        )


def remove_fields(apps, schema_editor):
    apps.get_model("partner_portal", "FieldOfStudy").objects.filter(
        slug__in=[field[0] for field in FIELDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("partner_portal", "0002_fieldofstudy")]

    operations = [migrations.RunPython(add_fields, remove_fields)]
