#pragma once

#include <QObject>

#include <memory>

class QLabel;
class QStatusBar;

namespace Api {
class ApiService;
}

namespace Ui {

struct AppSettings;
class CaptureController;

// The HTTP API's life in the window: serves it over the capture controller with the
// settings (Mailpit's API v1 on 127.0.0.1:8025 by default), starts it again when they
// change, and says where it is on the status bar, or why it is not. GUI thread.
class ApiControl final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiControl)

public:
    ApiControl(CaptureController *capture, QStatusBar *statusBar, QObject *parent = nullptr);
    ~ApiControl() override;

    bool start(const AppSettings &settings, QString *error); // a failure is also shown
    void stop();
    Api::ApiService *service() const { return m_service.get(); }
    QLabel *label() const { return m_label; }

private:
    CaptureController *m_capture;
    QLabel *m_label;
    std::unique_ptr<Api::ApiService> m_service;
};

} // namespace Ui
