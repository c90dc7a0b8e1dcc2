"""Form widgets of the portal's own."""

from django import forms
from django.forms.utils import flatatt

from .text import search_key


class FilterCheckboxes(forms.widgets.ChoiceWidget):
    """Several choices as checkboxes, which script (static/js/forms.js) makes a
    multi-select whatever their number: a search box that narrows the list as one
    types, and a chip per choice made. Usable by touch (a multiple <select> needs
    Ctrl-click) and quick in a long list; without script the whole list is there.

    The search compares ``search_key``s, so Persian typed any way (ي or ی, a ZWNJ
    or a space) finds the label. ``box_attrs`` go on the box holding the
    checkboxes (an htmx trigger on "change", say): the reason this is not a
    CheckboxSelectMultiple, which crispy-forms draws with its own template (the
    long ones become the same multi-select: templates/bootstrap5/layout/).
    """

    allow_multiple_selected = True
    input_type = "checkbox"
    template_name = "partner_portal/widgets/filter_checkboxes.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"
    use_fieldset = True

    def __init__(self, attrs=None, choices=(), *, box_attrs=None):
        super().__init__(attrs, choices)
        self.box_attrs = dict(box_attrs or {})

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.box_attrs = dict(self.box_attrs)
        return copy

    def get_context(self, name, value, attrs):
        # crispy-forms adds "form-control", which belongs to text boxes.
        attrs = {key: val for key, val in (attrs or {}).items() if key != "class"}
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["options"] = [
            {**option, "filter_key": search_key(option["label"])}
            for _group, options, _index in widget["optgroups"]
            for option in options
        ]
        widget["box_attrs"] = flatatt(self.box_attrs)
        return context

    def id_for_label(self, id_, index=None):
        # The field is a fieldset with a legend; each checkbox has its own label.
        return "" if index is None else f"{id_}_{index}"

    def use_required_attribute(self, initial):
        return False

    def value_omitted_from_data(self, data, files, name):
        # An unticked box posts nothing: no field means "none chosen".
        return False
