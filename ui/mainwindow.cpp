#include "mainwindow.h"

#include "capture/captureservice.h"
#include "store/database.h"
#include "store/reader.h"

#include <QApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTreeWidget>

namespace Ui {

namespace {

QTreeWidgetItem *messageItem(const Store::MessageSummary &m)
{
    QStringList to;
    for (const QByteArray &r : m.recipients)
        to.append(QString::fromUtf8(r));
    auto *item = new QTreeWidgetItem(
        {QDateTime::fromMSecsSinceEpoch(m.receivedUs / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
         QString::fromUtf8(m.mailFrom), to.join(QStringLiteral(", ")), m.subject, QString::number(m.size)});
    item->setData(0, Qt::UserRole, m.id);
    return item;
}

} // namespace

MainWindow::MainWindow(Capture::CaptureService *service, QWidget *parent)
    : QMainWindow(parent), m_service(service), m_status(new QLabel(this)), m_messages(new QTreeWidget(this))
{
    setWindowTitle(QStringLiteral("Mailscope"));
    m_messages->setHeaderLabels({tr("Received"), tr("Envelope from"), tr("To"), tr("Subject"), tr("Size")});
    m_messages->setRootIsDecorated(false);
    m_messages->setUniformRowHeights(true);
    setCentralWidget(m_messages);
    statusBar()->addWidget(m_status);

    QStringList addresses;
    for (const auto &a : m_service->addresses())
        addresses.append(a.toString());
    m_status->setText(tr("Listening on %1").arg(addresses.join(QStringLiteral(", "))));

    connect(m_service, &Capture::CaptureService::messagesStored, this,
            [this](const QList<Store::MessageSummary> &messages) {
                for (const auto &m : messages)
                    m_messages->insertTopLevelItem(0, messageItem(m));
            });
    resize(1000, 600);
}

MainWindow::~MainWindow() = default;

int runMainWindow(QApplication &app)
{
    Capture::Config config;
    config.databasePath = Store::defaultDatabasePath();
    Capture::CaptureService service(config);
    QString error;
    if (!service.start(&error)) {
        QMessageBox::critical(nullptr, QStringLiteral("Mailscope"), error);
        return 1;
    }
    MainWindow window(&service);
    {
        Store::Reader reader(config.databasePath);
        const auto recent = reader.messages(0, 200);
        for (auto it = recent.crbegin(); it != recent.crend(); ++it)
            window.findChild<QTreeWidget *>()->insertTopLevelItem(0, messageItem(*it));
    }
    window.show();
    const int code = app.exec();
    service.stop();
    return code;
}

} // namespace Ui
