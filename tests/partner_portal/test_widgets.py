"""partner_portal.widgets: the portal's own form widgets."""

from django import forms

from partner_portal.widgets import FilterCheckboxes


class ClusterForm(forms.Form):
    clusters = forms.MultipleChoiceField(
        choices=[("sweets", "شیرینی‌جات"), ("stone", "سنگ‌بری"), ("carpet", "فرش")],
        widget=FilterCheckboxes(box_attrs={"data-hx-trigger": "change"}),
    )


def test_filter_checkboxes_are_checkboxes_with_search_keys():
    html = str(ClusterForm(initial={"clusters": ["stone"]})["clusters"])

    assert html.count('type="checkbox"') == 3
    assert 'value="stone" id="id_clusters_1" checked>' in html
    # Keys as partner_portal.text.search_key makes them: no ZWNJ, no spaces.
    assert 'data-filter-key="سنگبری"' in html
    assert 'data-hx-trigger="change"' in html
    # static/js/forms.js makes it a multi-select, with the words it needs.
    assert "data-multiselect " in html
    assert "data-multiselect-always" in html
    assert 'data-search-label="' in html


def test_filter_checkboxes_read_the_ticked_ones_and_none():
    ticked = ClusterForm({"clusters": ["sweets", "carpet"]})
    nothing = ClusterForm({})

    assert ticked.is_valid()
    assert ticked.cleaned_data["clusters"] == ["sweets", "carpet"]
    assert not nothing.is_valid()
    assert "clusters" in nothing.errors


def test_each_form_has_its_own_box_attributes():
    first, second = ClusterForm(), ClusterForm()

    first.fields["clusters"].widget.box_attrs["data-x"] = "1"

    assert "data-x" not in second.fields["clusters"].widget.box_attrs
