#pragma once

#include <QMainWindow>

class QApplication;
class QLabel;
class QTreeWidget;

namespace Capture {
class CaptureService;
}

namespace Ui {

// The main window: starts the capture service and shows messages as they are stored.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(Capture::CaptureService *service, QWidget *parent = nullptr);
    ~MainWindow() override;

private:
    Capture::CaptureService *m_service;
    QLabel *m_status;
    QTreeWidget *m_messages;
};

// Opens the window on the default database and runs the event loop.
int runMainWindow(QApplication &app);

} // namespace Ui
