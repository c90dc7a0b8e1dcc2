"""The fixture world: one person per persona and the objects they own or must not see.

The permission matrix and the browser page gates both stand on it. Objects are named;
an object named ``other_<name>`` belongs to someone else than ``<name>``'s owner, and
the matrix must try it (the object swap).
"""

from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests import factories

PERSONAS = [
    "anonymous",
    "student",
    "other_student",
    "supervisor",
    "other_professor",
    "manager",
    "other_unit_manager",
    "iro",
    "inactive",
]


@dataclass
class World:
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def person(self, persona):
        return self.people.get(persona)

    def url_kwargs(self, name, wanted):
        """URL keyword arguments for object ``name`` (a model instance or a dict)."""
        obj = self.objects[name]
        if isinstance(obj, dict):
            return {key: obj[key] for key in wanted}
        return dict.fromkeys(wanted, obj.pk)


def build_world(people):
    world = World(people={"anonymous": None, **people})
    student = people["student"]
    world.objects["reset_link"] = {
        "uidb64": urlsafe_base64_encode(force_bytes(student.pk)),
        "token": default_token_generator.make_token(student),
    }
    return world


def make_people():
    return {
        "student": factories.UserFactory(student=True, email="student@test.example"),
        "other_student": factories.UserFactory(
            student=True, email="other.student@test.example"
        ),
        "supervisor": factories.UserFactory(
            professor=True, email="supervisor@test.example"
        ),
        "other_professor": factories.UserFactory(
            professor=True, email="other.professor@test.example"
        ),
        "manager": factories.UserFactory(manager=True, email="manager@test.example"),
        "other_unit_manager": factories.UserFactory(
            manager=True, email="other.manager@test.example"
        ),
        "iro": factories.UserFactory(iro=True, email="iro@test.example"),
        "inactive": factories.UserFactory(
            student=True, is_active=False, email="inactive@test.example"
        ),
    }
