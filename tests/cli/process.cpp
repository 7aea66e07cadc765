#include "process.h"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <filesystem>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_paths.h"

namespace cli_test {

namespace fs = std::filesystem;

std::string ProcessResult::last_line() const {
    std::istringstream lines(out);
    std::string line, last;
    while (std::getline(lines, line))
        if (!line.empty()) last = line;
    return last;
}

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "gramstudio-cli-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code error;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, error);
    fs::remove_all(path_, error);
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& out_file,
                           const std::string& err_file) {
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0) _exit(126);
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        // Weights come from ../shared, never from the developer's own data folder.
        setenv("XDG_DATA_HOME", "/nonexistent-gramstudio-test-data", 1);
        unsetenv("GRAMSTUDIO_WEIGHTS");
        std::vector<char*> args;
        for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && exit_code_ < 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

void ChildProcess::signal(int number) const { kill(pid_, number); }

int ChildProcess::wait() {
    if (exit_code_ >= 0) return exit_code_;
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0) {}
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
}

bool ChildProcess::running() {
    if (exit_code_ >= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) return true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
}

ProcessResult run_process(const std::vector<std::string>& argv) {
    TempDir capture;
    ProcessResult result;
    {
        ChildProcess child(argv, capture / "out", capture / "err");
        result.exit_code = child.wait();
    }
    result.out = read_file(capture / "out");
    result.err = read_file(capture / "err");
    return result;
}

std::string cli_binary() { return test_paths::bin_dir() + "/gramstudio-cli"; }

ProcessResult run_cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv{cli_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
}

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

bool file_exists(const std::string& path) {
    std::error_code error;
    return fs::exists(path, error);
}

}  // namespace cli_test
