from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from survey import links
from survey.access import is_administrator, is_researcher
from survey.accounts import personal_data, two_factor
from survey.accounts.invitations import invitation_send
from survey.models import (
    Category,
    Edition,
    EditionTransition,
    Invitation,
    Item,
    Module,
    Objective,
    Response,
    Scale,
    ScalePoint,
    Technology,
    User,
    Zone,
    ZoneMembership,
)
from survey.zones import register

LABELS = ("label_nl", "label_fr", "label_de", "label_en")
ROLE_FIELDS = ("is_researcher", "is_staff", "is_superuser", "groups", "user_permissions")


def _edition_of(obj):
    if obj is None or isinstance(obj, Edition):
        return obj
    if hasattr(obj, "edition"):
        return obj.edition
    if hasattr(obj, "module"):
        return obj.module.edition
    return obj.scale.edition


def _researchers_enter(request):
    """The admin site lets in whom `survey.access` calls a researcher (administrators too),
    not whoever has Django's `is_staff` flag: a researcher whose flag was never set (the demo's,
    or one made researcher in the user list) was sent to an admin login that refused them."""
    return is_researcher(request.user)


admin.site.has_permission = _researchers_enter


class ResearcherAccess:
    """Researchers manage the survey in the admin by their role, not by per-model permissions,
    so `survey.access` stays the one place that decides; managing users is left to
    administrators (superusers)."""

    def has_module_permission(self, request):
        return is_researcher(request.user)

    def has_view_permission(self, request, obj=None):
        return is_researcher(request.user)

    def has_add_permission(self, request, *args):
        return is_researcher(request.user)

    def has_change_permission(self, request, obj=None):
        return is_researcher(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_researcher(request.user)


class DraftOnlyMixin(ResearcherAccess):
    """Only a draft's questionnaire may change, in the admin as in the pages."""

    def _locked(self, obj):
        edition = _edition_of(obj)
        return edition is not None and not edition.is_editable

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.options.InlineModelAdmin):
            return not self._locked(obj) and super().has_add_permission(request, obj)
        return super().has_add_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """New questionnaire parts can only be attached to a draft edition."""
        if db_field.name == "edition":
            kwargs["queryset"] = Edition.objects.filter(status=Edition.Status.DRAFT)
        elif db_field.name == "module":
            kwargs["queryset"] = Module.objects.filter(edition__status=Edition.Status.DRAFT)
        elif db_field.name == "scale" and db_field.model is ScalePoint:
            kwargs["queryset"] = Scale.objects.filter(edition__status=Edition.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ModuleInline(DraftOnlyMixin, admin.TabularInline):
    model = Module
    fields = ("kind", "order", "scale", "role_scale")
    extra = 0
    show_change_link = True


@admin.register(Edition)
class EditionAdmin(ResearcherAccess, admin.ModelAdmin):
    list_display = ("code", "name", "status", "fieldwork_start", "fieldwork_end", "regions")
    list_filter = ("status",)
    search_fields = ("code", "name_nl", "name_fr", "name_de", "name_en")
    inlines = [ModuleInline]
    readonly_fields = ("status",)


@admin.register(EditionTransition)
class EditionTransitionAdmin(ResearcherAccess, admin.ModelAdmin):
    """Read-only: the record of who moved an edition when."""

    list_display = ("edition", "from_status", "to_status", "by", "at")
    list_filter = ("edition",)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(DraftOnlyMixin, admin.TabularInline):
    model = Item
    fields = ("order", "technology", "category", *LABELS)
    autocomplete_fields = ("technology",)
    extra = 0


class ObjectiveInline(DraftOnlyMixin, admin.TabularInline):
    model = Objective
    fields = ("order", "code", *LABELS)
    extra = 0


@admin.register(Module)
class ModuleAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "edition", "kind", "order")
    list_filter = ("edition", "kind")
    search_fields = ("edition__code", "title_nl", "title_fr", "title_en")
    inlines = [ItemInline, ObjectiveInline]


@admin.register(Category)
class CategoryAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "edition", "order", *LABELS)
    list_filter = ("edition",)
    search_fields = ("code", *LABELS)


@admin.register(Technology)
class TechnologyAdmin(ResearcherAccess, admin.ModelAdmin):
    list_display = ("code", *LABELS)
    search_fields = ("code", *LABELS)


@admin.register(Item)
class ItemAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ("technology", "module", "category", "order", "label_nl", "label_fr", "label_en")
    list_filter = ("module__edition", "module__kind", "category__code")
    search_fields = ("technology__code", *LABELS)
    autocomplete_fields = ("technology",)


class ScalePointInline(DraftOnlyMixin, admin.TabularInline):
    model = ScalePoint
    fields = ("code", *LABELS, "counts_as_available", "is_valid")
    extra = 0


@admin.register(Scale)
class ScaleAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "edition")
    list_filter = ("edition",)
    search_fields = ("code",)
    inlines = [ScalePointInline]


@admin.register(Objective)
class ObjectiveAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "module", "order", *LABELS)
    list_filter = ("module__edition",)
    search_fields = ("code", *LABELS)


@admin.register(Zone)
class ZoneAdmin(ResearcherAccess, admin.ModelAdmin):
    list_display = tuple(column for column in register.COLUMNS if column != "successor")
    list_filter = ("region", "degurba", "language")
    search_fields = ("code", "name_nl", "name_fr", "contact_name", "contact_email")
    raw_id_fields = ("successor",)


class MembershipInline(ResearcherAccess, admin.TabularInline):
    model = ZoneMembership
    extra = 0
    raw_id_fields = ("zone",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = (
        "email",
        "first_name",
        "last_name",
        "is_researcher",
        "is_superuser",
        "is_active",
    )
    list_filter = ("is_researcher", "is_superuser", "is_active")
    search_fields = ("email", "first_name", "last_name")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (_("Roles"), {"fields": ("is_active", "is_researcher", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["export_personal_data", "erase_personal_data", "reset_second_factor"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            for name in ("export_personal_data", "erase_personal_data", "reset_second_factor"):
                actions.pop(name, None)
        return actions

    @admin.action(description=_("Export everything held about this person (JSON)"))
    def export_personal_data(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one person to export."), messages.ERROR)
            return None
        user = queryset.get()
        data = personal_data.personal_data_export(user=user, by=request.user)
        response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="personal-data-{user.pk}.json"'
        response["Cache-Control"] = "no-store, private"
        return response

    @admin.action(description=_("Erase these people (account gone, audit kept as a pseudonym)"))
    def erase_personal_data(self, request, queryset):
        """Ask first, on a page that names everyone about to be erased: it cannot be undone."""
        people = queryset.exclude(pk=request.user.pk)
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Erase these people?"),
                "opts": self.model._meta,
                "people": people,
                "yourself": queryset.filter(pk=request.user.pk).exists(),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "selected": queryset.values_list("pk", flat=True),
            }
            return TemplateResponse(request, "admin/survey/user/erase_confirmation.html", context)
        erased = 0
        for user in people:
            personal_data.personal_data_erase(user=user, by=request.user)
            erased += 1
        self.message_user(
            request, _("%(count)s people erased.") % {"count": erased}, messages.SUCCESS
        )

    @admin.action(description=_("Reset the second factor (lost device)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            two_factor.device_reset(user=user, by=request.user)
        self.message_user(
            request,
            _("Second factor reset for %(count)s people; they set it up at their next sign-in.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def get_readonly_fields(self, request, obj=None):
        """Only administrators grant roles, so no one raises their own rights."""
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, *ROLE_FIELDS)
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ("zone", "email", "role", "language")

    def clean_email(self):
        """Invitations are for zone chiefs and colleagues: the staff's own accounts are never
        a target (an invitation would bind a zone to an address someone else controls)."""
        email = self.cleaned_data["email"].strip().lower()
        staff = User.objects.filter(email__iexact=email).filter(
            Q(is_staff=True) | Q(is_superuser=True) | Q(is_researcher=True)
        )
        if staff.exists():
            raise forms.ValidationError(
                _("Invitations are for zone members, not researchers or administrators.")
            )
        return email


@admin.register(Invitation)
class InvitationAdmin(ResearcherAccess, admin.ModelAdmin):
    """Invitations are e-mailed to the invitee by the worker; their link is never shown here,
    and a sent invitation is read-only (its address cannot be redirected afterwards)."""

    form = InvitationAdminForm
    list_display = ("email", "zone", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "zone__code", "zone__name_nl", "zone__name_fr")
    raw_id_fields = ("zone",)
    readonly_fields = (
        "zone",
        "email",
        "role",
        "language",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )

    def get_fields(self, request, obj=None):
        return ("zone", "email", "role", "language") if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation = invitation_send(
            zone=obj.zone,
            email=obj.email,
            role=obj.role,
            created_by=request.user,
            language=obj.language,
            site_url=links.request_site_url(request),
        )
        obj.pk, obj.expires_at = invitation.pk, invitation.expires_at
        messages.info(
            request,
            _("The invitation will be e-mailed to %(email)s.") % {"email": invitation.email},
        )


@admin.register(Response)
class ResponseAdmin(ResearcherAccess, admin.ModelAdmin):
    list_display = ("zone", "module", "status", "source", "submitted_at", "updated_at")
    list_filter = ("module__edition", "module__kind", "status", "source")
    search_fields = ("zone__code", "zone__name_nl", "zone__name_fr")
    raw_id_fields = ("zone",)
    readonly_fields = ("status", "submitted_at", "submitted_by", "source")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """Deleting a zone's answers is an administrator's decision, never a slip."""
        return is_administrator(request.user)
