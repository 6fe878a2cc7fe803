"""First contact and the person's own account: /start with consent, /help, /language, /mydata, /forget."""

from __future__ import annotations

import json

from bot.conversation import Context, Router, open_link
from bot.messages import OutFile, Reply
from handlers.base import buttons
from handlers.profile import start_profile
from storage import anonymous, repo

router = Router()

CONSENT_VERSION = "2025-1"  # bump when the notice text changes in substance


def consent_request(ctx: Context) -> list[Reply]:
    """Greeting, the personal-data notice and the two consent buttons."""
    ctx.goto("consent")
    return [
        Reply(ctx.t("start.greeting", org=ctx.org.name)),
        Reply(
            ctx.t("start.notice"),
            buttons([(ctx.t("start.agree"), "cs:yes"), (ctx.t("start.decline"), "cs:no")]),
        ),
    ]


@router.command("start", needs_consent=False)
async def start(ctx: Context) -> list[Reply]:
    """Greet; ask for consent the first time (keeping a deep link such as `ev_12` for after), else open the link."""
    link = ctx.inbound.args.strip()
    if ctx.person.consent_at is None:
        replies = consent_request(ctx)
        ctx.goto("consent", link=link)
        return replies
    opened = await open_link(ctx, link)
    if opened is not None:
        return opened
    name = ctx.person.full_name or ctx.t("start.friend")
    return [Reply(ctx.t("start.welcome_back", name=name))]


@router.callback("cs", needs_consent=False)
async def consent_answer(ctx: Context) -> list[Reply]:
    """Record consent and offer the profile, or keep nothing."""
    if ctx.person.consent_at is not None:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    if ctx.inbound.payload == "cs:yes":
        ctx.person.consent_at = ctx.now
        ctx.person.consent_version = CONSENT_VERSION
        opened = await open_link(ctx, str(ctx.state.data.get("link", "")))
        if opened is not None:
            ctx.finish()
            return [Reply(ctx.t("start.agreed"), edit=True), *opened, Reply(ctx.t("start.profile_hint"))]
        ctx.goto("offer")
        return [
            Reply(ctx.t("start.agreed"), edit=True),
            Reply(
                ctx.t("start.offer_profile"),
                buttons([(ctx.t("start.profile_now"), "pf:begin"), (ctx.t("start.profile_later"), "pf:later")]),
            ),
        ]
    await repo.erase_person(ctx.session, ctx.person, now=ctx.now)
    ctx.erased = True
    return [Reply(ctx.t("start.declined"), edit=True)]


@router.step("consent")
async def consent_text(ctx: Context) -> list[Reply]:
    """Anything typed while the notice waits: show it again."""
    return consent_request(ctx)[1:]


@router.step("offer")
async def offer_text(ctx: Context) -> list[Reply]:
    """Typing instead of choosing whether to fill the profile now: start it."""
    return start_profile(ctx)


@router.command("help", needs_consent=False)
async def help_command(ctx: Context) -> list[Reply]:
    """The commands this person's role may use, with their descriptions."""
    lines = [ctx.t("help.title")]
    lines += [f"/{c.name} — {ctx.t(f'cmd.{c.name}')}" for c in ctx.router.commands_for(ctx.role)]
    return [Reply("\n".join(lines))]


@router.command("language", needs_consent=False)
async def language(ctx: Context) -> list[Reply]:
    """Switch between Vietnamese and English, by argument or by button."""
    choice = ctx.inbound.args.strip().lower()[:2]
    if choice in ("vi", "en"):
        return _set_language(ctx, choice, edit=False)
    return [Reply(ctx.t("language.choose"), buttons([("Tiếng Việt", "lg:vi"), ("English", "lg:en")]))]


@router.callback("lg", needs_consent=False)
async def language_button(ctx: Context) -> list[Reply]:
    choice = (ctx.inbound.payload or "").removeprefix("lg:")
    if choice not in ("vi", "en"):
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    return _set_language(ctx, choice, edit=True)


def _set_language(ctx: Context, choice: str, *, edit: bool) -> list[Reply]:
    ctx.person.language = choice
    ctx.person.language_chosen = True
    ctx.lang = choice
    ctx.menu_changes.append(ctx.person.id)
    return [Reply(ctx.t("language.set"), edit=edit)]


@router.command("mydata", needs_consent=False)
async def my_data(ctx: Context) -> list[Reply]:
    """Everything stored about the person, as a JSON document."""
    document = json.dumps(await repo.person_export(ctx.session, ctx.person), ensure_ascii=False, indent=2).encode("utf-8")
    out = OutFile(f"hienke-mydata-{ctx.person.id}.json", document, "application/json")
    return [Reply(ctx.t("mydata.caption"), document=out)]


@router.command("forget", needs_consent=False)
async def forget(ctx: Context) -> list[Reply]:
    """Ask before erasing the profile and contact details (submissions stay, unlinked)."""
    ctx.goto("forget")
    return [Reply(ctx.t("forget.confirm"), buttons([(ctx.t("forget.yes"), "fg:yes"), (ctx.t("forget.no"), "fg:no")]))]


@router.callback("fg", needs_consent=False)
async def forget_answer(ctx: Context) -> list[Reply]:
    if ctx.step != "forget":
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    if ctx.inbound.payload != "fg:yes":
        ctx.finish()
        return [Reply(ctx.t("forget.kept"), edit=True)]
    repo.audit(ctx.session, "erase", actor=None, target=None, detail=None, now=ctx.now)
    await anonymous.erase(ctx.session, ctx.sealer, ctx.person.id)
    await repo.erase_person(ctx.session, ctx.person, now=ctx.now)
    ctx.erased = True
    return [Reply(ctx.t("forget.done"), edit=True)]
