#include "previewengine.h"

#include <QCoreApplication>
#include <QWebEngineUrlScheme>

#include <unistd.h>

namespace Ui::PreviewEngine {

namespace {

bool g_prepared = false;

void registerScheme(QByteArrayView name, QWebEngineUrlScheme::Syntax syntax)
{
    QWebEngineUrlScheme scheme(name.toByteArray());
    scheme.setSyntax(syntax);
    // Neither local nor secure: a page on a local scheme may not load remote URLs at all, and
    // a secure one would upgrade or refuse http images once the user allows remote content.
    scheme.setFlags({});
    QWebEngineUrlScheme::registerScheme(scheme);
}

void appendChromiumFlag(const QByteArray &flag)
{
    QByteArray flags = qgetenv("QTWEBENGINE_CHROMIUM_FLAGS");
    if (flags.split(' ').contains(flag))
        return;
    qputenv("QTWEBENGINE_CHROMIUM_FLAGS", flags.isEmpty() ? flag : flags + ' ' + flag);
}

} // namespace

void prepare()
{
    if (g_prepared)
        return;
    Q_ASSERT(!QCoreApplication::instance());
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    // Every document comes from one host, so one renderer process serves them all; cid: URLs
    // are paths (RFC 2392).
    registerScheme(kDocumentScheme, QWebEngineUrlScheme::Syntax::Host);
    registerScheme(kCidScheme, QWebEngineUrlScheme::Syntax::Path);
    // A mail preview gains nothing from the GPU, and software rendering works the same on
    // every display, Xvfb and the offscreen platform included.
    appendChromiumFlag("--disable-gpu");
    if (::geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    g_prepared = true;
}

bool isPrepared()
{
    return g_prepared;
}

} // namespace Ui::PreviewEngine
