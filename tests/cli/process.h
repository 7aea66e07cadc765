#pragma once
// Running the real gramstudio-cli (and the test's helper scripts) as child processes.
#include <string>
#include <sys/types.h>
#include <vector>

namespace cli_test {

struct ProcessResult {
    int exit_code = -1;  // the exit status, or 128 + signal when killed
    std::string out, err;
    // The last non-empty line of stdout.
    std::string last_line() const;
};

// A scratch folder under /tmp, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// A started child whose stdout and stderr go to files.
class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& argv, const std::string& out_file, const std::string& err_file);
    ~ChildProcess();  // kills and reaps a child still running
    pid_t pid() const { return pid_; }
    void signal(int number) const;
    int wait();  // exit code as in ProcessResult
    bool running();

private:
    pid_t pid_ = -1;
    int exit_code_ = -1;
};

// Runs to completion and captures everything.
ProcessResult run_process(const std::vector<std::string>& argv);

// The built gramstudio-cli and a run of it with `args`.
std::string cli_binary();
ProcessResult run_cli(const std::vector<std::string>& args);

std::string read_file(const std::string& path);
bool file_exists(const std::string& path);

}  // namespace cli_test
