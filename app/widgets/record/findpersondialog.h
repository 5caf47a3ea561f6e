#pragma once

#include "records/personrecordquery.h"
#include "storage/databasethread.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace casedesk {

// Find person: type part of a name or a reference; the matches are listed as you type (at most
// PersonRecordQuery::SearchLimit); Enter, a double-click or Open record opens the chosen one.
// Only people the worker may see are found (on PostgreSQL the server decides). The search runs
// off the GUI thread: typing never waits for the server, the hint says "Searching…" when a
// search takes more than 300 ms, and only the answer to the latest text is shown.
class FindPersonDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FindPersonDialog(DatabaseThread &background, QWidget *parent = nullptr);

    QLineEdit *searchBox() const { return m_search; }
    QTreeWidget *results() const { return m_results; }
    QPushButton *openButton() const { return m_open; }
    QString hint() const;

    // Searches for what is typed now (typing searches after a short pause); searchDone()
    // follows once the results are shown.
    void search();
    bool isSearching() const { return m_searching != 0; }
    // The person highlighted in the results; 0 if none.
    qint64 selectedPersonId() const;

signals:
    void personChosen(qint64 personId);
    void searchDone();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void openSelected();
    void updateOpenButton();
    void showResults(const QString &text, QList<PersonDetails> people, const QString &error);

    DatabaseThread &m_background;
    QLineEdit *m_search;
    QTreeWidget *m_results;
    QLabel *m_hint;
    QPushButton *m_open;
    QDialogButtonBox *m_buttons;
    QTimer *m_pause;
    QString m_searched;      // the text the results are for
    quint64 m_searching = 0; // the search on its way (0: none); older answers are dropped
    quint64 m_searchesAsked = 0;
    bool m_openWhenFound = false; // Enter pressed before the results came
    QTimer *m_busyDelay;
};

} // namespace casedesk
