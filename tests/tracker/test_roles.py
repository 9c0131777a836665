"""A user's role decides what the admin lets them do."""
import pytest

from tests.factories import TargetFactory, UserFactory
from tracker.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,view,change,users", [
    (User.Role.SUPERVISOR, 200, 200, 403),
    (User.Role.LEADER, 200, 403, 403),
    (User.Role.ADMIN, 200, 200, 200),
])
def test_admin_follows_the_role(client, role, view, change, users):
    # given
    target = TargetFactory()
    user = UserFactory(role=role)
    client.force_login(user)
    # when / then
    assert client.get("/admin/tracker/target/").status_code == view
    assert client.get("/admin/tracker/target/add/").status_code == change
    assert client.get("/admin/tracker/user/add/").status_code == users
    assert client.get(f"/admin/tracker/target/{target.pk}/change/").status_code == 200


def test_unit_staff_have_no_admin(client):
    client.force_login(UserFactory(role=User.Role.STAFF))
    response = client.get("/admin/tracker/target/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_changing_role_moves_the_user_between_groups():
    user = UserFactory(role=User.Role.LEADER)
    user.role = User.Role.STAFF
    user.save()
    assert not user.is_staff
    assert not user.groups.exists()
