from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage

from chengjie.core.errors import DomainError
from chengjie.core.formviews import submit_button, submit_form


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def _request(rf, method="post", data=None):
    request = getattr(rf, method)("/", data or {})
    request._messages = CookieStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(request)]


def _refuse(field=None):
    def action():
        raise DomainError("名称已被占用。", field=field)
    return action


def _never():
    raise AssertionError("the service must not be called")


def test_a_get_shows_the_form_without_calling_the_service(rf):
    request = _request(rf, "get")
    assert submit_form(request, NameForm(None), action=_never, success="", redirect_to="/") is None
    assert _said(request) == []


def test_an_invalid_form_is_shown_again_without_calling_the_service(rf):
    request = _request(rf)
    form = NameForm(request.POST)
    assert submit_form(request, form, action=_never, success="", redirect_to="/") is None
    assert "name" in form.errors


def test_a_refusal_lands_on_the_field_it_names(rf):
    request = _request(rf, data={"name": "园区"})
    form = NameForm(request.POST)
    assert submit_form(request, form, action=_refuse("name"), success="", redirect_to="/") is None
    assert form.errors == {"name": ["名称已被占用。"]}
    assert _said(request) == []


def test_a_refusal_naming_no_field_of_the_form_stands_above_it(rf):
    request = _request(rf, data={"name": "园区"})
    form = NameForm(request.POST)
    submit_form(request, form, action=_refuse("division"), success="", redirect_to="/")
    assert form.non_field_errors() == ["名称已被占用。"]


def test_success_says_so_and_redirects_by_what_the_service_returned(rf):
    request = _request(rf, data={"name": "园区"})
    form = NameForm(request.POST)
    response = submit_form(request, form, action=lambda: 7, success=lambda pk: f"已保存 {pk}。",
                           redirect_to=lambda pk: f"/parks/{pk}/")
    assert (response.status_code, response.url) == (302, "/parks/7/")
    assert _said(request) == [("success", "已保存 7。")]


def test_a_button_goes_back_with_the_refusal_as_an_error_message(rf):
    request = _request(rf)
    response = submit_button(request, action=_refuse("unit"), success="已停用。", redirect_to="/units/3/")
    assert (response.status_code, response.url) == (302, "/units/3/")
    assert _said(request) == [("error", "名称已被占用。")]


def test_a_button_goes_back_with_its_success_message(rf):
    request = _request(rf)
    response = submit_button(request, action=lambda: [1, 2], success=lambda added: f"新增 {len(added)} 项。",
                             redirect_to="/units/3/")
    assert response.url == "/units/3/"
    assert _said(request) == [("success", "新增 2 项。")]
