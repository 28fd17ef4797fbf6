// Mailpit's npm client (mailpit-api), unchanged, against `mailscope serve`: every method of
// MailpitClient, the events on /api/events, and the answers to wrong credentials.
//
// Run by test_api_npm.py with node --experimental-websocket (Node 20). Environment:
// MAILSCOPE_URL (http://127.0.0.1:PORT), MAILSCOPE_USER, MAILSCOPE_PASSWORD, and MAILSCOPE_SENT, a
// JSON file describing the two messages the test sent over SMTP before: their subjects, exact
// sources, text, and the attachment's and inline image's bytes (base64).
// Prints "ok <step>" or "FAIL <step>: <why>" for each step, and exits 1 when any step failed.

import { readFileSync } from "node:fs";
import { MailpitClient } from "mailpit-api";

const url = process.env.MAILSCOPE_URL;
const auth = { username: process.env.MAILSCOPE_USER, password: process.env.MAILSCOPE_PASSWORD };
const sent = JSON.parse(readFileSync(process.env.MAILSCOPE_SENT, "utf8"));
const mailpit = new MailpitClient(url, { auth });

const failures = [];
const state = {};

async function step(name, body) {
    try {
        await body();
        console.log(`ok ${name}`);
    } catch (error) {
        failures.push(name);
        console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
}

function check(condition, what) {
    if (!condition)
        throw new Error(what);
}

function same(actual, expected, what) {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e)
        throw new Error(`${what}: expected ${e}, got ${a}`);
}

// The client's error for a status other than 200: "Mailpit API Error: 400 Bad Request at ...: body".
async function refused(promise, status, body, what) {
    let error;
    try {
        const value = await promise;
        throw new Error(`${what}: expected HTTP ${status}, got an answer: ${JSON.stringify(value).slice(0, 200)}`);
    } catch (e) {
        error = e;
    }
    const match = /^Mailpit API Error: (\d{3}) [^]*? at \S+ \S+: ([^]*)$/.exec(error.message);
    if (!match)
        throw error;
    same(Number(match[1]), status, `${what}: status`);
    if (body !== undefined)
        same(match[2].trim(), body, `${what}: body`);
}

async function bytes(blob) {
    return Buffer.from(await blob.arrayBuffer());
}

// Events over /api/events: Node 20's WebSocket (undici) takes the credentials as a header.
class Events {
    constructor() {
        this.frames = [];
        this.waiters = [];
        const ws = new URL("/api/events", url);
        ws.protocol = "ws:";
        const basic = Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
        this.socket = new WebSocket(ws, { headers: { Authorization: `Basic ${basic}` } });
        this.opened = new Promise((resolve, reject) => {
            this.socket.addEventListener("open", resolve);
            this.socket.addEventListener("error", () => reject(new Error("the events socket did not open")));
        });
        this.socket.addEventListener("message", (event) => {
            this.frames.push(JSON.parse(event.data));
            this.waiters = this.waiters.filter((w) => !w());
        });
    }

    // The first frame (since the start) that satisfies test, within five seconds.
    next(description, test) {
        return new Promise((resolve, reject) => {
            const found = () => {
                const frame = this.frames.find(test);
                if (frame) {
                    clearTimeout(timer);
                    resolve(frame);
                }
                return Boolean(frame);
            };
            const timer = setTimeout(() => {
                this.waiters = this.waiters.filter((w) => w !== found);
                reject(new Error(`no ${description} event; got types ${JSON.stringify(this.frames.map((f) => f.Type))}`));
            }, 5000);
            if (!found())
                this.waiters.push(found);
        });
    }

    close() {
        this.socket.close();
    }
}

const tinyPng = Buffer.from(sent.rich.image, "base64");
let events;

await step("credentials: none", () =>
    refused(new MailpitClient(url).getInfo(), 401, "Unauthorised.", "getInfo without credentials"));
await step("credentials: wrong password", () =>
    refused(new MailpitClient(url, { auth: { username: auth.username, password: "wrong" } }).getInfo(), 401,
            "Unauthorised.", "getInfo with a wrong password"));

await step("events: no credentials", async () => {
    const ws = new URL("/api/events", url);
    ws.protocol = "ws:";
    const socket = new WebSocket(ws);
    const outcome = await new Promise((resolve) => {
        socket.addEventListener("open", () => resolve("opened"));
        socket.addEventListener("error", () => resolve("refused"));
    });
    socket.close();
    same(outcome, "refused", "the events socket without credentials");
});

await step("events: open", async () => {
    events = new Events();
    await events.opened;
});

await step("getInfo", async () => {
    const info = await mailpit.getInfo();
    same(info.Messages, 2, "Messages");
    same(info.Unread, 2, "Unread");
    check(typeof info.Version === "string" && info.Version.length > 0, "Version is a string");
    check(typeof info.Database === "string", "Database is a string");
    check(typeof info.RuntimeStats.SMTPAccepted === "number", "RuntimeStats.SMTPAccepted is a number");
});

await step("getConfiguration", async () => {
    const config = await mailpit.getConfiguration();
    same(config.SpamAssassin, false, "SpamAssassin");
    same(typeof config.MessageRelay.Enabled, "boolean", "MessageRelay.Enabled's type");
    same(typeof config.ChaosEnabled, "boolean", "ChaosEnabled's type");
    state.chaosEnabled = config.ChaosEnabled;
    state.relayEnabled = config.MessageRelay.Enabled;
});

await step("listMessages", async () => {
    const list = await mailpit.listMessages();
    same([list.total, list.unread, list.count, list.messages_count, list.start], [2, 2, 2, 2, 0], "total, unread, count, messages_count, start");
    same(list.messages.map((m) => m.Subject), [sent.rich.subject, sent.plain.subject], "subjects, newest first");
    check(list.messages.every((m) => typeof m.ID === "string" && m.ID.length > 0), "IDs are strings");
    state.richId = list.messages[0].ID;
    state.plainId = list.messages[1].ID;
    same(list.messages[0].Attachments, 1, "the rich message's attachments");
    same(list.messages[1].Read, false, "Read before it is opened");
    const page = await mailpit.listMessages(1, 1);
    same(page.messages.map((m) => m.ID), [state.plainId], "the second page of one");
});

await step("searchMessages", async () => {
    const found = await mailpit.searchMessages({ query: `subject:"${sent.plain.subject}"` });
    same(found.messages.map((m) => m.ID), [state.plainId], "IDs found by subject");
    same(found.messages_count, 1, "messages_count");
    const none = await mailpit.searchMessages({ query: "subject:nothing-like-this" });
    same([none.messages_count, none.messages.length], [0, 0], "no match");
});

await step("getMessageSummary", async () => {
    const m = await mailpit.getMessageSummary(state.plainId);
    same(m.ID, state.plainId, "ID");
    same(m.Subject, sent.plain.subject, "Subject");
    same(m.From.Address, sent.plain.from, "From.Address");
    same(m.To.map((a) => a.Address), [sent.plain.to], "To");
    same(m.Text.replace(/\r\n/g, "\n").trim(), sent.plain.text.trim(), "Text");
    same(m.Attachments, [], "Attachments");
    const reread = await mailpit.searchMessages({ query: `subject:"${sent.plain.subject}"` });
    same(reread.messages[0].Read, true, "Read once opened");
});

await step("getMessageSummary: latest", async () => {
    const m = await mailpit.getMessageSummary();
    same(m.ID, state.richId, "latest is the newest");
    check(m.HTML.includes(sent.rich.htmlMarker), "HTML has the body");
    same(m.Attachments.map((a) => [a.FileName, a.ContentType, a.Size]),
         [[sent.rich.attachmentName, "application/octet-stream", Buffer.from(sent.rich.attachment, "base64").length]],
         "Attachments");
    same(m.Inline.map((a) => [a.ContentType, a.ContentID]), [["image/png", sent.rich.imageCid]], "Inline");
    state.attachmentPart = m.Attachments[0].PartID;
    state.inlinePart = m.Inline[0].PartID;
});

await step("getMessageHeaders", async () => {
    const headers = await mailpit.getMessageHeaders(state.plainId);
    same(headers.Subject, [sent.plain.subject], "Subject");
    same(headers["Message-Id"] ?? headers["Message-ID"], [sent.plain.messageId], "Message-ID");
    const latest = await mailpit.getMessageHeaders();
    same(latest.Subject, [sent.rich.subject], "latest's Subject");
});

await step("getMessageSource", async () => {
    same(await mailpit.getMessageSource(state.plainId), sent.plain.source, "the plain message as sent");
    same(await mailpit.getMessageSource(), sent.rich.source, "the latest message as sent");
});

await step("getMessageAttachment", async () => {
    const blob = await mailpit.getMessageAttachment(state.richId, state.attachmentPart);
    same(blob.type, "application/octet-stream", "type");
    same((await bytes(blob)).toString("base64"), sent.rich.attachment, "bytes");
    const image = await mailpit.getMessageAttachment(state.richId, state.inlinePart);
    same(image.type, "image/png", "inline image type");
    same((await bytes(image)).toString("base64"), tinyPng.toString("base64"), "inline image bytes");
});

await step("getAttachmentThumbnail", async () => {
    const blob = await mailpit.getAttachmentThumbnail(state.richId, state.inlinePart);
    same(blob.type, "image/jpeg", "type");
    const jpeg = await bytes(blob);
    same([jpeg[0], jpeg[1]], [0xff, 0xd8], "a JPEG's first bytes");
});

await step("setReadStatus", async () => {
    same(await mailpit.setReadStatus({ IDs: [state.plainId], Read: false }), "ok", "by ID");
    const frame = await events.next("update (unread)", (f) => f.Type === "update" && f.Data.ID === state.plainId && f.Data.Read === false);
    same(frame.Data.Read, false, "the update event");
    same((await mailpit.getInfo()).Unread, 1, "Unread after marking one unread (both were opened)");
    same(await mailpit.setReadStatus({ Read: true }), "ok", "all read");
    same((await mailpit.getInfo()).Unread, 0, "Unread after marking all read");
    same(await mailpit.setReadStatus({ Search: `subject:"${sent.rich.subject}"`, Read: false }), "ok", "by search");
    const list = await mailpit.listMessages();
    same(list.messages.map((m) => m.Read), [false, true], "Read by search");
});

await step("setTags, getTags", async () => {
    same(await mailpit.setTags({ IDs: [state.plainId, state.richId], Tags: ["invoice", "Alpha"] }), "ok", "setTags");
    same(await mailpit.getTags(), ["Alpha", "invoice"], "getTags");
    same((await mailpit.getMessageSummary(state.plainId)).Tags, ["Alpha", "invoice"], "the message's Tags");
    same(await mailpit.setTags({ IDs: [state.richId], Tags: ["invoice"] }), "ok", "setTags replaces");
    same((await mailpit.listMessages()).messages.map((m) => m.Tags), [["invoice"], ["Alpha", "invoice"]], "Tags in the list");
    const found = await mailpit.searchMessages({ query: "tag:Alpha" });
    same(found.messages.map((m) => m.ID), [state.plainId], "search by tag");
});

await step("renameTag", async () => {
    same(await mailpit.renameTag("invoice", "bill"), "ok", "renameTag");
    same(await mailpit.getTags(), ["Alpha", "bill"], "getTags");
});

await step("deleteTag", async () => {
    same(await mailpit.deleteTag("Alpha"), "ok", "deleteTag");
    same(await mailpit.getTags(), ["bill"], "getTags");
    same((await mailpit.getMessageSummary(state.plainId)).Tags, ["bill"], "the message's Tags");
});

await step("getChaosTriggers, setChaosTriggers", async () => {
    if (!state.chaosEnabled) {
        await refused(mailpit.getChaosTriggers(), 400, undefined, "getChaosTriggers with chaos off");
        await refused(mailpit.setChaosTriggers({}), 400, undefined, "setChaosTriggers with chaos off");
        return;
    }
    // Mailpit's defaults: AUTH fails with 535, MAIL and RCPT with 451, each at 0 %.
    const off = { ErrorCode: 451, Probability: 0 };
    same(await mailpit.setChaosTriggers({}), { Authentication: { ErrorCode: 535, Probability: 0 }, Recipient: off, Sender: off },
         "reset");
    const set = await mailpit.setChaosTriggers({ Sender: { ErrorCode: 452, Probability: 0 } });
    same(set.Sender, { ErrorCode: 452, Probability: 0 }, "Sender set");
    same((await mailpit.getChaosTriggers()).Sender, { ErrorCode: 452, Probability: 0 }, "Sender read back");
    await mailpit.setChaosTriggers({});
});

await step("renderMessageHTML", async () => {
    const html = await mailpit.renderMessageHTML(state.richId);
    check(html.includes(sent.rich.htmlMarker), "the HTML body");
    const embedded = await mailpit.renderMessageHTML(state.richId, 1);
    check(embedded.includes(sent.rich.htmlMarker), "the HTML body with embed=1");
});

await step("renderMessageText", async () => {
    const text = await mailpit.renderMessageText(state.plainId);
    same(text.replace(/\r\n/g, "\n").trim(), sent.plain.text.trim(), "the text body");
});

await step("htmlCheck, linkCheck; spamAssassinCheck: not enabled", async () => {
    const html = await mailpit.htmlCheck(state.richId);
    same(Object.keys(html).sort(), ["Platforms", "Total", "Warnings"], "HTMLCheckResponse fields");
    same(Object.keys(html.Total).sort(), ["Nodes", "Partial", "Supported", "Tests", "Unsupported"], "its Total");
    same(html.Total.Nodes, 3, "body, p and img");
    const body = html.Warnings.find((w) => w.Slug === "html-body");
    check(body && body.Score.Found === 1 && body.Results.length > 0, "the <body> element with its results");
    check(html.Platforms.windows.includes("Outlook"), "the platforms and their clients");
    await refused(mailpit.htmlCheck(state.plainId), 400, "message does not contain HTML", "htmlCheck without HTML");
    same(await mailpit.linkCheck(state.richId), { Errors: 0, Links: [] }, "linkCheck of a message without http links");
    await refused(mailpit.spamAssassinCheck(state.richId), 404, "File not found", "spamAssassinCheck without spamd");
});

await step("releaseMessage: no relay", async () => {
    check(!state.relayEnabled, "no relay configured");
    await refused(mailpit.releaseMessage(state.richId, { To: ["someone@example.test"] }), 400, undefined, "releaseMessage");
});

await step("sendMessage", async () => {
    const confirmation = await mailpit.sendMessage({
        From: { Email: "app@example.test", Name: "The App" },
        To: [{ Email: "user@example.test", Name: "A User" }],
        Cc: [{ Email: "copy@example.test" }],
        Subject: "Sent through the API",
        Text: "Plain words from the API.",
        HTML: '<p>HTML words from the API <img src="cid:logo"></p>',
        Attachments: [
            { Content: Buffer.from("attached text\n").toString("base64"), Filename: "notes.txt", ContentType: "text/plain" },
            { Content: tinyPng.toString("base64"), Filename: "logo.png", ContentType: "image/png", ContentID: "logo" },
        ],
        Tags: ["sent"],
    });
    check(typeof confirmation.ID === "string" && confirmation.ID.length > 0, "the confirmation's ID");
    state.sentId = confirmation.ID;
    const frame = await events.next("new", (f) => f.Type === "new" && f.Data.ID === state.sentId);
    same(frame.Data.Subject, "Sent through the API", "the new event's Subject");
    const m = await mailpit.getMessageSummary(state.sentId);
    same(m.Subject, "Sent through the API", "Subject");
    same([m.From.Name, m.From.Address], ["The App", "app@example.test"], "From");
    same(m.Cc.map((a) => a.Address), ["copy@example.test"], "Cc");
    same(m.Tags, ["sent"], "Tags");
    same(m.Text.trim(), "Plain words from the API.", "Text");
    check(m.HTML.includes("HTML words from the API"), "HTML");
    same(m.Attachments.map((a) => a.FileName), ["notes.txt"], "Attachments");
    same(m.Inline.map((a) => a.ContentID), ["logo"], "Inline");
});

await step("waitForMessage", async () => {
    const m = await mailpit.waitForMessage({ query: 'subject:"Sent through the API"' }, { timeout: 5000, interval: 100 });
    same(m.ID, state.sentId, "the message waited for");
});

await step("waitForMessages", async () => {
    const tagged = await mailpit.waitForMessages({ query: "tag:sent", count: 1, exact: true }, { timeout: 5000, interval: 100 });
    same(tagged.messages.map((m) => m.ID), [state.sentId], "by search");
    const all = await mailpit.waitForMessages({ count: 3 }, { timeout: 5000, interval: 100 });
    same(all.messages_count, 3, "every message");
});

await step("deleteMessagesBySearch", async () => {
    same(await mailpit.deleteMessagesBySearch({ query: "tag:sent" }), "ok", "deleteMessagesBySearch");
    await events.next("delete", (f) => f.Type === "delete" && f.Data.ID === state.sentId);
    const left = await mailpit.waitForMessages({ count: 2, exact: true }, { timeout: 5000, interval: 100 });
    same(left.messages.map((m) => m.ID), [state.richId, state.plainId], "what is left");
});

await step("deleteMessages", async () => {
    same(await mailpit.deleteMessages({ IDs: [state.plainId] }), "ok", "by ID");
    await events.next("delete", (f) => f.Type === "delete" && f.Data.ID === state.plainId);
    same((await mailpit.listMessages()).messages.map((m) => m.ID), [state.richId], "what is left");
    await refused(mailpit.getMessageSummary(state.plainId), 404, undefined, "the deleted message");
    same(await mailpit.deleteMessages(), "ok", "all");
    await events.next("truncate", (f) => f.Type === "truncate");
    const info = await mailpit.getInfo();
    same([info.Messages, info.Unread], [0, 0], "Messages and Unread after deleting all");
});

events?.close();
if (failures.length) {
    console.log(`${failures.length} step(s) failed: ${failures.join("; ")}`);
    process.exit(1);
}
console.log("all steps passed");
