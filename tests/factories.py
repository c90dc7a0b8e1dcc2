import factory
from factory.django import DjangoModelFactory

from partner_portal.models import User

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    full_name = factory.Faker("name", locale="fa_IR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        student = factory.Trait(is_student=True)
        professor = factory.Trait(is_professor=True)
        manager = factory.Trait(is_industry_manager=True)
        iro = factory.Trait(is_iro_staff=True)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
