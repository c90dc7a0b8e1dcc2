"""Qom province's industrial towns and zones, and its industrial clusters."""

from django.db import migrations

AREAS = [
    # (slug, kind, Persian, English)
    ("shokouhieh", "town", "شهرک صنعتی شکوهیه", "Shokouhieh Industrial Town"),
    ("al-ghadir", "town", "شهرک صنعتی الغدیر", "Al-Ghadir Industrial Town"),
    ("chap-va-nashr", "town", "شهرک صنعتی چاپ و نشر", "Chap va Nashr Industrial Town"),
    ("salafchegan", "town", "شهرک صنعتی سلفچگان", "Salafchegan Industrial Town"),
    ("mahmoudabad", "town", "شهرک صنعتی محمودآباد", "Mahmoudabad Industrial Town"),
    ("doroodgaran", "town", "شهرک صنعتی درودگران", "Doroodgaran Industrial Town"),
    ("ict", "town", "شهرک فناوری اطلاعات و ارتباطات (ICT)", "ICT Industrial Town"),
    ("khorabad", "zone", "ناحیه صنعتی خورآباد", "Khorabad Industrial Zone"),
    ("dastjerd", "zone", "ناحیه صنعتی دستجرد", "Dastjerd Industrial Zone"),
    ("siro", "zone", "ناحیه صنعتی سیرو", "Siro Industrial Zone"),
    ("toghrood", "zone", "ناحیه صنعتی طغرود", "Toghrood Industrial Zone"),
]

CLUSTERS = [
    # (slug, Persian, English)
    ("sweets", "شیرینی و سوهان", "Sweets and confectionery (sohan)"),
    ("stone-cutting", "سنگبری", "Stone cutting"),
    ("carpet-weaving", "فرش و قالی‌بافی", "Carpet weaving"),
    ("leather-slippers", "چرم و دمپایی", "Leather goods and slippers"),
    ("home-appliances", "لوازم خانگی", "Home appliances"),
    ("food-processing", "صنایع غذایی", "Food processing"),
    ("printing-publishing", "چاپ و نشر", "Printing and publishing"),
    ("ict", "فناوری اطلاعات و ارتباطات", "Information and communication technology"),
    ("metal-machinery", "فلزی و ماشین‌سازی", "Metalworking and machinery"),
    ("chemical-polymer", "شیمیایی و پلیمری", "Chemicals and polymers"),
    ("textile-clothing", "نساجی و پوشاک", "Textiles and clothing"),
    ("construction-materials", "مصالح ساختمانی", "Construction materials"),
    ("electrical-electronic", "برق و الکترونیک", "Electrical and electronic"),
    ("auto-parts", "قطعات خودرو", "Automotive parts"),
    ("wood-furniture", "چوب و مبلمان", "Wood and furniture"),
    ("pharma-hygiene", "دارویی و بهداشتی", "Pharmaceutical and hygiene products"),
]


def add_reference_data(apps, schema_editor):
    IndustrialArea = apps.get_model("industries", "IndustrialArea")
    Cluster = apps.get_model("industries", "Cluster")
    for slug, kind, name_fa, name_en in AREAS:
        IndustrialArea.objects.update_or_create(
            slug=slug, defaults={"kind": kind, "name_fa": name_fa, "name_en": name_en}
        )
    for slug, name_fa, name_en in CLUSTERS:
        Cluster.objects.update_or_create(
            slug=slug, defaults={"name_fa": name_fa, "name_en": name_en}
        )


def remove_reference_data(apps, schema_editor):
    apps.get_model("industries", "IndustrialArea").objects.filter(
        slug__in=[area[0] for area in AREAS]
    ).delete()
    apps.get_model("industries", "Cluster").objects.filter(
        slug__in=[cluster[0] for cluster in CLUSTERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("industries", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, remove_reference_data)]
